local function recordPage(impressions, seenKey, queueKey, maxLength, request, user, gen, idList, positionList, now, model, cap, ttl, queueMax)
  local entry = redis.call('XADD', impressions, 'MAXLEN', '~', maxLength, '*',
    'req', request, 'user', user, 'gen', gen, 'items', idList, 'pos', positionList, 't', now, 'model', model)
  if redis.call('APPEND', queueKey, idList .. ',') > queueMax then
    foldSeen(seenKey, queueKey, now, cap, ttl)
  else
    redis.call('EXPIRE', queueKey, ttl)
    redis.call('EXPIRE', seenKey, ttl)
  end
  return entry
end
