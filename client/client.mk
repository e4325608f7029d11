# The React client (client/): install, build, check, test, serve in development, audit.
# Included from the root Makefile; `make run` builds the client when its sources changed and
# `make test` runs every client check before the Python suite.
CLIENT := client
CLIENT_DEPS := $(CLIENT)/node_modules/.installed
CLIENT_DIST := $(CLIENT)/dist/index.html
CLIENT_SOURCES := $(shell find $(CLIENT)/src $(CLIENT)/public -type f 2>/dev/null) \
	$(CLIENT)/index.html $(CLIENT)/vite.config.ts $(CLIENT)/tsconfig.json $(CLIENT)/package-lock.json
CLIENT_DEV_PORT ?= 5300
NODE_MIN := 20.19

.PHONY: client-build client-generate client-lint client-typecheck client-unit client-budget \
	client-e2e client-test client-dev client-audit

# Vite 8 needs Node 20.19 or later; say so plainly rather than fail somewhere inside npm.
$(CLIENT)/node_modules/.node-checked:
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number), [x,y]="$(NODE_MIN)".split(".").map(Number); process.exit(a>x||(a===x&&b>=y)?0:1)' \
	    || { echo "The client needs Node.js $(NODE_MIN) or later (found $$(node --version 2>/dev/null || echo none))." >&2; exit 1; }
	@mkdir -p $(@D) && touch $@

# `npm ci`: exactly the versions in package-lock.json, again whenever the lock changes.
$(CLIENT_DEPS): $(CLIENT)/package-lock.json | $(CLIENT)/node_modules/.node-checked
	cd $(CLIENT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CLIENT_DIST): $(CLIENT_DEPS) $(CLIENT_SOURCES)
	cd $(CLIENT) && npx vite build --logLevel warn

client-build: $(CLIENT_DIST) ## build the client into client/dist (served at /app/)

run: $(CLIENT_DIST)

client-generate: $(CLIENT_DEPS) ## regenerate the client's API types from services/users/openapi.json
	cd $(CLIENT) && node scripts/generate-client.mjs

client-lint: $(CLIENT_DEPS) ## Biome: lint and format check of the client
	cd $(CLIENT) && npx biome check .

client-typecheck: $(CLIENT_DEPS) ## tsc --noEmit (strict) on the client and its tooling
	cd $(CLIENT) && npm run --silent typecheck

client-unit: $(CLIENT_DEPS) ## Vitest: components, session, catalogues, spec freshness
	cd $(CLIENT) && npx vitest run

client-budget: $(CLIENT_DIST) ## initial JavaScript of each screen, gzipped, at most 150 KB
	cd $(CLIENT) && node scripts/check-budget.mjs

client-e2e: $(CLIENT_DIST) $(INSTALLED) $(CHROMIUM) deploy-system-tools ## Playwright in Debian's Chromium against the real backend (and Debian's nginx)
	cd $(CLIENT) && VENV=$(VENV) npx playwright test

client-test: client-lint client-typecheck client-unit client-budget client-e2e ## every client check

test: client-test

client-dev: $(CLIENT_DEPS) ## Vite's dev server on 127.0.0.1:5300, proxying the API at HOST:PORT
	cd $(CLIENT) && API_URL=http://$(HOST):$(PORT) CLIENT_DEV_PORT=$(CLIENT_DEV_PORT) npx vite

# Lighthouse (with its own lock file: it is not needed by `make test`) on the built client,
# served by the real backend on a free port.
CLIENT_AUDIT_DEPS := $(CLIENT)/audit/node_modules/.installed
$(CLIENT_AUDIT_DEPS): $(CLIENT)/audit/package-lock.json
	cd $(CLIENT)/audit && npm ci --no-audit --no-fund --loglevel=error
	touch $@

client-audit: $(CLIENT_DIST) $(CLIENT_AUDIT_DEPS) $(INSTALLED) $(CHROMIUM) ## Lighthouse scores of the users list and login screens
	cd $(CLIENT) && VENV=$(VENV) node audit/audit.mjs
