-- The portal's database, owned by the owner role, open to the runtime role for rows only
-- (docs/operations.md#database-roles). Run as a PostgreSQL superuser after deploy/roles.sql,
-- once for the portal's database, and again for a new database to restore a backup into:
--   sudo -u postgres psql -v owner=trustfund_owner -v runtime=trustfund \
--        -v database=trustfund -f deploy/database.sql

\set ON_ERROR_STOP on

CREATE DATABASE :"database" OWNER :"owner" ENCODING 'UTF8';
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"owner", :"runtime";

\connect :"database"
-- The owner creates the tables in the public schema; the runtime role only uses them.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO :"owner";
GRANT USAGE ON SCHEMA public TO :"runtime";
-- Every table and sequence the owner creates (now and in later migrations) is open to the
-- runtime role for rows only: SELECT, INSERT, UPDATE, DELETE; never TRUNCATE, REFERENCES
-- or TRIGGER.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"runtime";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"runtime";
