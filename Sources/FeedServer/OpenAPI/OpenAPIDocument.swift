/// The OpenAPI 3.1 document of the prefeed HTTP API, kept by hand next to the controllers.
/// `Tests/FeedServerTests/OpenAPITests.swift` checks that every route is described.
public enum OpenAPIDocument {
    /// The document as JSON.
    public static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "prefeed read path",
    "version": "1.0.0",
    "description": "Pages of pre-generated ranked feeds, actions, sessions and source-data ingest. Errors are application/problem+json."
  },
  "servers": [{"url": "http://127.0.0.1:8080"}],
  "security": [{"bearer": []}],
  "paths": {
    "/v1/feed": {
      "get": {
        "operationId": "getFeed",
        "summary": "One page of the caller's feed, after the last item seen.",
        "parameters": [
          {"name": "after", "in": "query", "required": false, "description": "Last item id seen.", "schema": {"type": "string", "pattern": "^[0-9]{1,19}$"}},
          {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
          {"name": "cursor", "in": "query", "required": false, "description": "Opaque cursor from next.cursor.", "schema": {"type": "string", "maxLength": 200}},
          {"name": "user", "in": "query", "required": false, "description": "Must be the caller.", "schema": {"type": "string", "pattern": "^[0-9]{1,19}$"}}
        ],
        "responses": {
          "200": {"description": "A page.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeedPage"}}}},
          "400": {"$ref": "#/components/responses/Problem"},
          "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"},
          "500": {"$ref": "#/components/responses/Problem"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/actions": {
      "post": {
        "operationId": "postActions",
        "summary": "A batch of the caller's actions; idempotent by client_event_id, rate limited per user; only actions on served posts, once per (post, action), count.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionBatch"}}}},
        "responses": {
          "200": {"description": "Recorded.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionResult"}}}},
          "400": {"$ref": "#/components/responses/Problem"},
          "401": {"$ref": "#/components/responses/Problem"},
          "409": {"$ref": "#/components/responses/RateLimited"},
          "413": {"$ref": "#/components/responses/Problem"},
          "415": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "500": {"$ref": "#/components/responses/Problem"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/sessions": {
      "post": {
        "operationId": "postSession",
        "summary": "The app was opened (a login event for warm-up).",
        "responses": {
          "202": {"description": "Recorded.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionResult"}}}},
          "401": {"$ref": "#/components/responses/Problem"},
          "500": {"$ref": "#/components/responses/Problem"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/posts": {
      "post": {
        "operationId": "createPost",
        "summary": "A new post (its author, or an ingest token); 409 when the id is another author's.",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPost"}}}},
        "responses": {
          "201": {"description": "Stored.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Done"}}}},
          "400": {"$ref": "#/components/responses/Problem"},
          "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"},
          "409": {"$ref": "#/components/responses/Problem"},
          "413": {"$ref": "#/components/responses/Problem"},
          "415": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"},
          "500": {"$ref": "#/components/responses/Problem"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/posts/{post}": {
      "delete": {
        "operationId": "deletePost",
        "summary": "Deletes a post; it disappears from pages served afterwards.",
        "parameters": [{"name": "post", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9]{1,19}$"}}],
        "responses": {
          "204": {"description": "Deleted (or already gone)."},
          "400": {"$ref": "#/components/responses/Problem"},
          "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"},
          "409": {"$ref": "#/components/responses/Problem"},
          "500": {"$ref": "#/components/responses/Problem"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/v1/users/{user}/follows/{author}": {
      "parameters": [
        {"name": "user", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9]{1,19}$"}},
        {"name": "author", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9]{1,19}$"}}
      ],
      "put": {
        "operationId": "follow",
        "summary": "The user follows the author (idempotent).",
        "responses": {
          "204": {"description": "Following."},
          "400": {"$ref": "#/components/responses/Problem"},
          "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"},
          "500": {"$ref": "#/components/responses/Problem"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      },
      "delete": {
        "operationId": "unfollow",
        "summary": "The user unfollows the author (idempotent).",
        "responses": {
          "204": {"description": "Not following."},
          "400": {"$ref": "#/components/responses/Problem"},
          "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"},
          "500": {"$ref": "#/components/responses/Problem"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/healthz": {
      "get": {"operationId": "healthz", "security": [], "summary": "The process is alive.",
        "responses": {"200": {"description": "Alive.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}}
    },
    "/readyz": {
      "get": {"operationId": "readyz", "security": [], "summary": "Redis reachable and scripts loaded.",
        "responses": {
          "200": {"description": "Ready.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }}
    },
    "/metrics": {
      "get": {"operationId": "metrics", "security": [], "summary": "Prometheus metrics.",
        "responses": {"200": {"description": "Text exposition format.", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
    },
    "/openapi.json": {
      "get": {"operationId": "openapi", "security": [], "summary": "This document.",
        "responses": {"200": {"description": "OpenAPI 3.1.", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
    "responses": {
      "Problem": {"description": "An error.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "RateLimited": {
        "description": "Too many actions (429), or actions being applied by another request (409); retry after Retry-After seconds.",
        "headers": {"Retry-After": {"schema": {"type": "string"}}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Unavailable": {
        "description": "The feed store is unavailable; retry later.",
        "headers": {"Retry-After": {"schema": {"type": "string"}}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      }
    },
    "schemas": {
      "Problem": {
        "type": "object",
        "required": ["type", "title", "status", "detail", "request_id"],
        "properties": {
          "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
          "detail": {"type": "string"}, "request_id": {"type": "string"}
        }
      },
      "FeedItem": {
        "type": "object",
        "required": ["id", "author", "position", "score", "reason"],
        "properties": {
          "id": {"type": "integer", "minimum": 0}, "author": {"type": "integer", "minimum": 0},
          "position": {"type": "integer", "minimum": 0}, "score": {"type": "number"},
          "reason": {"type": "string", "enum": ["followed_new", "popular", "trending", "exploration", "fallback", "unknown"]}
        }
      },
      "FeedPage": {
        "type": "object",
        "required": ["items", "generation", "model_version", "request_id", "source", "restarted"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/FeedItem"}},
          "next": {
            "type": ["object", "null"], "required": ["after", "cursor"],
            "properties": {"after": {"type": "integer", "minimum": 0}, "cursor": {"type": "string"}}
          },
          "generation": {"type": "string"},
          "model_version": {"type": "string"},
          "request_id": {"type": "string"},
          "source": {"type": "string", "enum": ["cache", "inline", "fallback"]},
          "restarted": {"type": "boolean"}
        }
      },
      "Action": {
        "type": "object",
        "required": ["client_event_id", "request_id", "item_id", "action", "client_time"],
        "properties": {
          "client_event_id": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,64}$"},
          "request_id": {"type": "string", "pattern": "^[0-9]{1,19}$"},
          "item_id": {"type": "integer", "minimum": 1, "maximum": 9007199254740991},
          "action": {"type": "string", "enum": ["click", "like", "comment", "share", "hide", "report", "dwell"]},
          "client_time": {"type": "number", "description": "Unix seconds, within the last 7 days."},
          "dwell_ms": {"type": "integer", "minimum": 0, "maximum": 3600000}
        }
      },
      "ActionBatch": {
        "type": "object", "required": ["actions"],
        "properties": {"actions": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"$ref": "#/components/schemas/Action"}}}
      },
      "ActionResult": {
        "type": "object", "required": ["accepted", "duplicates", "request_id"],
        "properties": {"accepted": {"type": "integer"}, "duplicates": {"type": "integer"}, "request_id": {"type": "string"}}
      },
      "SessionResult": {
        "type": "object", "required": ["recorded", "request_id"],
        "properties": {"recorded": {"type": "boolean"}, "request_id": {"type": "string"}}
      },
      "NewPost": {
        "type": "object", "required": ["id", "author", "created_at", "media_type"],
        "properties": {
          "id": {"type": "integer", "minimum": 1, "maximum": 9007199254740991},
          "author": {"type": "integer", "minimum": 1, "maximum": 9007199254740991},
          "created_at": {"type": "number", "description": "Unix seconds, within the last 30 days."},
          "media_type": {"type": "string", "enum": ["text", "image", "video", "link"]},
          "topics": {"type": "array", "maxItems": 256, "items": {"type": "number"}}
        }
      },
      "Done": {
        "type": "object", "required": ["ok", "request_id"],
        "properties": {"ok": {"type": "boolean"}, "request_id": {"type": "string"}}
      },
      "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}
    }
  }
}
"""#
}
