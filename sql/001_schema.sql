-- Kinerja lives in its own schema; every later migration adds to it.
CREATE SCHEMA IF NOT EXISTS kinerja;
