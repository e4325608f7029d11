# The images built and both compose stacks run on a real Docker Engine (included from the
# root Makefile):
#   make compose-e2e    - engine, base images, then deploy/compose/: the production and the
#                         development stacks, the image checks; every phase timed
#   make docker-engine  - start dockerd when none answers (installs docker.io if missing)
#   make base-images    - the images the project names: present, pulled, or stand-ins built
#                         from Debian packages (deploy/standins/, for machines without a registry)
.PHONY: compose-e2e docker-engine base-images

COMPOSE_E2E_PROJECTS := flaskms-e2e-prod flaskms-e2e-dev flaskms-e2e-client

docker-engine: ## start dockerd if no Docker Engine answers (installs docker.io if missing)
	deploy/docker/ensure-dockerd

base-images: docker-engine ## the images the project names: present, pulled or stand-ins built
	deploy/standins/build

# The trap removes whatever an interrupted run left (the tests themselves end with `down -v`
# and fail if anything remains).
compose-e2e: $(INSTALLED) ## build every image, run both compose stacks and the image checks
	@set -e; trap 'deploy/docker/remove-projects $(COMPOSE_E2E_PROJECTS)' EXIT; \
	started=$$SECONDS; deploy/docker/ensure-dockerd; \
	echo "compose-e2e: Docker Engine ready after $$((SECONDS - started)) s"; \
	mark=$$SECONDS; deploy/standins/build; \
	echo "compose-e2e: base images ready after $$((SECONDS - mark)) s"; \
	$(BIN)/pytest -c deploy/pytest.ini deploy/compose $(PYTEST_ARGS); \
	echo "compose-e2e: $$((SECONDS - started)) s in all"
