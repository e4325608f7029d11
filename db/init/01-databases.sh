#!/bin/bash
# Run by the mysql image once, on an empty data volume: users_dev, users_test and users_prod
# (as the course has them), all owned by the application account that the image creates from
# MYSQL_USER / MYSQL_PASSWORD. The image's own MYSQL_DATABASE is left unset.
set -euo pipefail

for database in users_dev users_test users_prod; do
    echo "CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4;"
    echo "GRANT ALL PRIVILEGES ON \`$database\`.* TO '$MYSQL_USER'@'%';"
done | MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -u root
