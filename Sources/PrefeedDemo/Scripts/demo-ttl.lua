return redis.call('TTL', KEYS[1])
