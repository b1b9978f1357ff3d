-- The portal's two PostgreSQL roles (docs/operations.md#database-roles); then
-- deploy/database.sql makes the database they share.
--
--   owner    owns the tables: runs `manage.py migrate` (MIGRATION_DATABASE_URL)
--   runtime  what the portal connects as (DATABASE_URL): reads and writes rows, nothing
--            else: no TRUNCATE, no DDL, not a superuser, so it can neither disable the
--            triggers that keep the ledger, issued reports and closed years unchanged, nor
--            change session_replication_role.
--
-- Run once, as a PostgreSQL superuser, on a fresh server:
--   sudo -u postgres psql -v owner=trustfund_owner -v runtime=trustfund \
--        -v owner_password="'...'" -v runtime_password="'...'" -f deploy/roles.sql
-- (leave the passwords out where the roles sign in through the Unix socket with peer or
-- trust authentication, as the test server does).

\set ON_ERROR_STOP on

\if :{?owner_password}
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
    PASSWORD :owner_password;
\else
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
\endif
\if :{?runtime_password}
CREATE ROLE :"runtime" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT
    PASSWORD :runtime_password;
\else
CREATE ROLE :"runtime" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT;
\endif
