// Generated from services/users/openapi.json by `npm run generate-client`. Do not edit.

export interface paths {
    "/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Is the service up? */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users, oldest first
         * @description One page per request; follow `data.next_cursor` (or the `Link: rel="next"` header)
         *     until it is null.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        /** @description The next page: `<url>; rel="next"`; absent on the last. */
                        Link?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UserListResponse"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a user
         * @description The email must not belong to another user, compared case-insensitively. Open to anyone
         *     unless the service sets `USERS_CREATE_REQUIRES_ADMIN`; then it takes an admin's token
         *     and may set a `password`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any unique string (a UUID): a retry with the same key and body gets the first answer again, with `Idempotent-Replayed: true`, for 24 hours. */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UserCreate"];
                };
            };
            responses: {
                /** @description Successful response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UserCreated"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description A request with this Idempotency-Key is still being answered. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description This Idempotency-Key was used with a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in
         * @description An unknown email and a wrong password get the same answer, in the same time.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description `1`: the refresh token travels as an HttpOnly cookie, not in the body (browsers); any other value is ignored. Refused (403) from a page of another origin. */
                    "X-Refresh-Cookie"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Login"];
                };
            };
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        /** @description Only with `X-Refresh-Cookie: 1`. The refresh token: `refresh_token=<JWT>; HttpOnly; Secure; SameSite=Strict; Path=/auth; Max-Age=<refresh lifetime>`. */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokensIssued"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden; `You do not have permission to do that.` for `X-Refresh-Cookie: 1` from a page of another origin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        /** @description Seconds until the next attempt can succeed. */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Is the process serving?
         * @description No I/O: an outage of a dependency does not make the orchestrator restart the service.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Log out
         * @description The access token and its refresh token are refused from now on, by every worker. With
         *     `X-Refresh-Cookie: 1` the cookie is cleared too, and stands in for the access token when
         *     there is no Authorization header.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description `1`: the refresh token travels as an HttpOnly cookie, not in the body (browsers); any other value is ignored. Refused (403) from a page of another origin. */
                    "X-Refresh-Cookie"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        /** @description Only with `X-Refresh-Cookie: 1`. Clears the cookie (`Max-Age=0`). */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden; `You do not have permission to do that.` for `X-Refresh-Cookie: 1` from a page of another origin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Log out
         * @description The access token and its refresh token are refused from now on, by every worker. With
         *     `X-Refresh-Cookie: 1` the cookie is cleared too, and stands in for the access token when
         *     there is no Authorization header.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description `1`: the refresh token travels as an HttpOnly cookie, not in the body (browsers); any other value is ignored. Refused (403) from a page of another origin. */
                    "X-Refresh-Cookie"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        /** @description Only with `X-Refresh-Cookie: 1`. Clears the cookie (`Max-Age=0`). */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden; `You do not have permission to do that.` for `X-Refresh-Cookie: 1` from a page of another origin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The logged-in user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountResponse"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Can it serve requests that need its dependencies?
         * @description Checks the database, and Redis when configured, each within a bound; a 503 names the
         *     failing one.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Ready"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Service temporarily unavailable. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotReady"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for a new pair
         * @description Send the refresh token as the bearer token, or (with `X-Refresh-Cookie: 1` and no
         *     Authorization header) the `refresh_token` cookie. It is spent: using it again ends the
         *     session.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description `1`: the refresh token travels as an HttpOnly cookie, not in the body (browsers); any other value is ignored. Refused (403) from a page of another origin. */
                    "X-Refresh-Cookie"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        /** @description Only with `X-Refresh-Cookie: 1`. The refresh token: `refresh_token=<JWT>; HttpOnly; Secure; SameSite=Strict; Path=/auth; Max-Age=<refresh lifetime>`. */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Tokens"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden; `You do not have permission to do that.` for `X-Refresh-Cookie: 1` from a page of another origin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change my username or email
         * @description A new email must not belong to another user, and needs `current_password` (a wrong one
         *     is 401 `Invalid email or password.`).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ProfileUpdate"];
                };
            };
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountResponse"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/auth/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete my account
         * @description Needs the password. The user and all of its tokens are gone at once; with
         *     `X-Refresh-Cookie: 1` the cookie is cleared too.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description `1`: the refresh token travels as an HttpOnly cookie, not in the body (browsers); any other value is ignored. Refused (403) from a page of another origin. */
                    "X-Refresh-Cookie"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AccountDeletion"];
                };
            };
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        /** @description Only with `X-Refresh-Cookie: 1`. Clears the cookie (`Max-Age=0`). */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden; `You do not have permission to do that.` for `X-Refresh-Cookie: 1` from a page of another origin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register an account
         * @description The new user is active and logged in: the response carries its tokens.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Any unique string (a UUID): a retry with the same key and body gets the first answer again, with `Idempotent-Replayed: true`, for 24 hours. */
                    "Idempotency-Key"?: string;
                    /** @description `1`: the refresh token travels as an HttpOnly cookie, not in the body (browsers); any other value is ignored. Refused (403) from a page of another origin. */
                    "X-Refresh-Cookie"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Registration"];
                };
            };
            responses: {
                /** @description Successful response */
                201: {
                    headers: {
                        /** @description Only with `X-Refresh-Cookie: 1`. The refresh token: `refresh_token=<JWT>; HttpOnly; Secure; SameSite=Strict; Path=/auth; Max-Age=<refresh lifetime>`. */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokensIssued"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Forbidden; `You do not have permission to do that.` for `X-Refresh-Cookie: 1` from a page of another origin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description A request with this Idempotency-Key is still being answered. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description This Idempotency-Key was used with a different request. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        /** @description Seconds until the next attempt can succeed. */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change my password
         * @description Every session of the user ends, this one included: the response carries the tokens of
         *     a new one.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description `1`: the refresh token travels as an HttpOnly cookie, not in the body (browsers); any other value is ignored. Refused (403) from a page of another origin. */
                    "X-Refresh-Cookie"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PasswordChange"];
                };
            };
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        /** @description Only with `X-Refresh-Cookie: 1`. The refresh token: `refresh_token=<JWT>; HttpOnly; Secure; SameSite=Strict; Path=/auth; Max-Age=<refresh lifetime>`. */
                        "Set-Cookie"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokensIssued"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden; `You do not have permission to do that.` for `X-Refresh-Cookie: 1` from a page of another origin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UserResponse"];
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a user (admins only)
         * @description Its tokens stop working at once.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a user (admins only)
         * @description Only the fields given change. A new password or a deactivation ends all of the user's
         *     sessions.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UserUpdate"];
                };
            };
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UserResponse"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Authentication error */
                401: {
                    headers: {
                        /** @description `Bearer`: which scheme to authenticate with. */
                        "WWW-Authenticate"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a password reset link
         * @description The same answer, in the same time, whether or not the address has an account; if it
         *     has (and the account is active), a link valid for 30 minutes is emailed to it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ResetRequest"];
                };
            };
            responses: {
                /** @description Successful response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        /** @description Seconds until the next attempt can succeed. */
                        "Retry-After"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with an emailed reset link's token
         * @description The token works once. Every session of the user ends.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ResetConfirm"];
                };
            };
            responses: {
                /** @description Successful response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Message"];
                    };
                };
                /** @description Invalid payload. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ValidationError"];
                    };
                };
                /** @description Request body too large. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Invalid payload. Content-Type must be application/json. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
                /** @description Internal server error. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HTTPError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Message */
        Message: {
            /**
             * Status
             * @default success
             * @constant
             */
            status?: "success";
            /** Message */
            message: string;
        };
        /**
         * UserOut
         * @description A user as clients see it; never a password or its hash.
         */
        "UserCreated.UserOut": {
            /** Id */
            id: number;
            /** Username */
            username: string;
            /** Email */
            email: string;
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             * @example 2026-11-23T22:59:09Z
             */
            created_at: string;
        };
        /** UserCreated */
        UserCreated: {
            /**
             * Status
             * @default success
             * @constant
             */
            status?: "success";
            data: components["schemas"]["UserCreated.UserOut"];
            /**
             * Message
             * @example michael@mherman.org was added!
             */
            message: string;
        };
        /**
         * Failure
         * @description Every error, whatever its status code.
         */
        ValidationError: {
            /**
             * Status
             * @constant
             */
            status: "fail";
            /**
             * Message
             * @example Invalid payload.
             */
            message: string;
        };
        /**
         * Failure
         * @description Every error, whatever its status code.
         */
        HTTPError: {
            /**
             * Status
             * @constant
             */
            status: "fail";
            /**
             * Message
             * @example Invalid payload.
             */
            message: string;
        };
        /**
         * UserCreate
         * @description A new user. Keys other than these are ignored; `password` is honoured only when
         *     creating users needs an admin (`USERS_CREATE_REQUIRES_ADMIN`).
         */
        UserCreate: {
            /**
             * Username
             * @example michael
             */
            username: string;
            /**
             * Email
             * Format: email
             * @example michael@mherman.org
             */
            email: string;
            /**
             * Password
             * @default null
             */
            password?: string | null;
        };
        /**
         * UserOut
         * @description A user as clients see it; never a password or its hash.
         */
        "UserListResponse.UserOut": {
            /** Id */
            id: number;
            /** Username */
            username: string;
            /** Email */
            email: string;
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             * @example 2026-11-23T22:59:09Z
             */
            created_at: string;
        };
        /** UserPage */
        "UserListResponse.UserPage": {
            /** Users */
            users: components["schemas"]["UserListResponse.UserOut"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page; null on the last.
             */
            next_cursor: string | null;
            /** Limit */
            limit: number;
        };
        /** UserListResponse */
        UserListResponse: {
            /**
             * Status
             * @default success
             * @constant
             */
            status?: "success";
            data: components["schemas"]["UserListResponse.UserPage"];
        };
        /** TokensIssued */
        TokensIssued: {
            /**
             * Status
             * @default success
             * @constant
             */
            status?: "success";
            /**
             * Auth Token
             * @description Access token (JWT), sent as `Authorization: Bearer`.
             */
            auth_token: string;
            /**
             * Refresh Token
             * @description Refresh token (JWT), for `POST /auth/refresh`; absent when the request asked for it as a cookie (`X-Refresh-Cookie: 1`).
             * @default null
             */
            refresh_token?: string;
            /** Message */
            message: string;
        };
        /** Login */
        Login: {
            /**
             * Email
             * @example michael@mherman.org
             */
            email: string;
            /** Password */
            password: string;
        };
        /** AccountOut */
        "AccountResponse.AccountOut": {
            /** Id */
            id: number;
            /** Username */
            username: string;
            /** Email */
            email: string;
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             * @example 2026-11-23T22:59:09Z
             */
            created_at: string;
            /** Admin */
            admin: boolean;
        };
        /** AccountResponse */
        AccountResponse: {
            /**
             * Status
             * @default success
             * @constant
             */
            status?: "success";
            data: components["schemas"]["AccountResponse.AccountOut"];
        };
        /** Ready */
        Ready: {
            /**
             * Status
             * @default success
             * @constant
             */
            status?: "success";
            /**
             * Checks
             * @description `database`, and `redis` when the service uses one.
             * @example {
             *       "database": "ok",
             *       "redis": "not configured"
             *     }
             */
            checks: {
                [key: string]: "ok" | "unavailable" | "not configured";
            };
        };
        /** Tokens */
        Tokens: {
            /**
             * Status
             * @default success
             * @constant
             */
            status?: "success";
            /**
             * Auth Token
             * @description Access token (JWT), sent as `Authorization: Bearer`.
             */
            auth_token: string;
            /**
             * Refresh Token
             * @description Refresh token (JWT), for `POST /auth/refresh`; absent when the request asked for it as a cookie (`X-Refresh-Cookie: 1`).
             * @default null
             */
            refresh_token?: string;
        };
        /**
         * ProfileUpdate
         * @description The logged-in user's own changes: `username` and/or `email`; a new email also needs
         *     `current_password`. Any other key is refused, and so is `null`.
         */
        ProfileUpdate: {
            /**
             * Username
             * @default null
             */
            username?: string;
            /**
             * Email
             * Format: email
             * @default null
             * @example michael@mherman.org
             */
            email?: string;
            /**
             * Current Password
             * @default null
             */
            current_password?: string;
        };
        /** AccountDeletion */
        AccountDeletion: {
            /** Password */
            password: string;
        };
        /** Registration */
        Registration: {
            /**
             * Username
             * @example michael
             */
            username: string;
            /**
             * Email
             * Format: email
             * @example michael@mherman.org
             */
            email: string;
            /**
             * Password
             * @description 8 to 128 characters, not a common password; never trimmed.
             */
            password: string;
        };
        /** PasswordChange */
        PasswordChange: {
            /** Current Password */
            current_password: string;
            /**
             * New Password
             * @description 8 to 128 characters, not a common password; never trimmed.
             */
            new_password: string;
        };
        /**
         * UserOut
         * @description A user as clients see it; never a password or its hash.
         */
        "UserResponse.UserOut": {
            /** Id */
            id: number;
            /** Username */
            username: string;
            /** Email */
            email: string;
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             * @example 2026-11-23T22:59:09Z
             */
            created_at: string;
        };
        /** UserResponse */
        UserResponse: {
            /**
             * Status
             * @default success
             * @constant
             */
            status?: "success";
            data: components["schemas"]["UserResponse.UserOut"];
        };
        /**
         * UserUpdate
         * @description Only these fields can change; any other key is refused, and so is `null`.
         */
        UserUpdate: {
            /**
             * Username
             * @default null
             */
            username?: string;
            /**
             * Email
             * Format: email
             * @default null
             * @example michael@mherman.org
             */
            email?: string;
            /**
             * Active
             * @default null
             */
            active?: boolean;
            /**
             * Admin
             * @default null
             */
            admin?: boolean;
            /**
             * Password
             * @description 8 to 128 characters, not a common password; never trimmed.
             * @default null
             */
            password?: string;
        };
        /** ResetRequest */
        ResetRequest: {
            /**
             * Email
             * Format: email
             * @example michael@mherman.org
             */
            email: string;
        };
        /** ResetConfirm */
        ResetConfirm: {
            /**
             * Token
             * @description The `token` of the emailed link.
             */
            token: string;
            /**
             * New Password
             * @description 8 to 128 characters, not a common password; never trimmed.
             */
            new_password: string;
        };
        /** NotReady */
        NotReady: {
            /**
             * Status
             * @constant
             */
            status: "fail";
            /**
             * Message
             * @example Service temporarily unavailable.
             */
            message: string;
            /**
             * Checks
             * @example {
             *       "database": "unavailable",
             *       "redis": "ok"
             *     }
             */
            checks: {
                [key: string]: "ok" | "unavailable" | "not configured";
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
