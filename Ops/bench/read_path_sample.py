#!/usr/bin/env python3
"""Helper of Ops/bench/read-path: mints HS256 tokens for random users, reads the first 100 items of
each one's feed through the server, and writes a Lua table for wrk plus one (user, item) pick for
redis-benchmark. Standard library only."""
import argparse, base64, hashlib, hmac, json, random, time, urllib.request


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(user: int, secret: str, kid: str) -> str:
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    payload = b64(json.dumps({"sub": str(user), "exp": int(time.time()) + 86400}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--kid", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--sample", type=int, required=True)
    parser.add_argument("--lua", required=True)
    parser.add_argument("--pick", required=True)
    parser.add_argument("--jsonl", help="also write one {token, user, items} line per sampled user (open_loop.py)")
    args = parser.parse_args()
    rng = random.Random(42)
    tokens, items = [], []
    tried = 0
    while len(tokens) < args.sample and tried < args.sample * 5:
        tried += 1
        user = rng.randint(1, args.users)
        bearer = token(user, args.secret, args.kid)
        request = urllib.request.Request(f"{args.url}/v1/feed?limit=100", headers={"Authorization": f"Bearer {bearer}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            page = json.load(response)
        if page["source"] != "cache" or len(page["items"]) < 10:
            continue
        tokens.append(bearer)
        items.append([item["id"] for item in page["items"]])
    if not tokens:
        raise SystemExit("read_path_sample: no user with a cached feed")
    with open(args.lua, "w") as out:
        out.write("return { tokens = {\n")
        out.write(",\n".join(json.dumps(t) for t in tokens))
        out.write("},\nitems = {\n")
        out.write(",\n".join("{" + ",".join(str(i) for i in ids) + "}" for ids in items))
        out.write("} }\n")
    if args.jsonl:
        with open(args.jsonl, "w") as out:
            for bearer, ids in zip(tokens, items):
                sub = int(json.loads(base64.urlsafe_b64decode(bearer.split(".")[1] + "=="))["sub"])
                out.write(json.dumps({"token": bearer, "user": sub, "items": ids}) + "\n")
    user = int(json.loads(base64.urlsafe_b64decode(tokens[0].split(".")[1] + "=="))["sub"])
    with open(args.pick, "w") as out:
        out.write(f"{user} {items[0][len(items[0]) // 2]}\n")
    print(f"sampled {len(tokens)} users with cached feeds (tried {tried})")


if __name__ == "__main__":
    main()
