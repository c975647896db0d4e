-- Feed analytics (docs/analytics.md). Days are UTC dates, 'YYYY-MM-DD'; daily rows are kept 13 months.
-- Every table leads with the day where it is a daily rollup, so a window and the retention prune are range scans.

-- Requests per feed URL path and day. bytes_sent counts full bodies (200); bytes_saved what the 304s did not send.
CREATE TABLE feed_daily (
  day TEXT NOT NULL,
  path TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  not_modified INTEGER NOT NULL DEFAULT 0,
  full_responses INTEGER NOT NULL DEFAULT 0,
  bytes_sent INTEGER NOT NULL DEFAULT 0,
  bytes_saved INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, path)
) WITHOUT ROWID;

-- The latest verified count a reader announced for one of its feed-ids on a day ('' when it names none).
CREATE TABLE subscriber_daily (
  day TEXT NOT NULL,
  path TEXT NOT NULL,
  reader TEXT NOT NULL,
  feed_id TEXT NOT NULL,
  subscribers INTEGER NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (day, path, reader, feed_id)
) WITHOUT ROWID;

-- Per announcing reader and feed-id: the count last accepted and a jump held back until it repeats.
CREATE TABLE subscriber_state (
  path TEXT NOT NULL,
  reader TEXT NOT NULL,
  feed_id TEXT NOT NULL,
  verified INTEGER,
  verified_at INTEGER,
  held INTEGER,
  held_at INTEGER,
  PRIMARY KEY (path, reader, feed_id)
) WITHOUT ROWID;

-- Readers that announce nothing: one row per client (a keyed hash of address and reader, the key rotating
-- daily) while its day is current; the trigger keeps the daily count, the cron deletes the hashes after a day.
CREATE TABLE client_seen (
  day TEXT NOT NULL,
  path TEXT NOT NULL,
  reader TEXT NOT NULL,
  client TEXT NOT NULL,
  PRIMARY KEY (day, path, reader, client)
) WITHOUT ROWID;

CREATE TABLE client_daily (
  day TEXT NOT NULL,
  path TEXT NOT NULL,
  reader TEXT NOT NULL,
  clients INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, path, reader)
) WITHOUT ROWID;

-- INSERT OR IGNORE fires this only for a client not yet seen that day: the count is distinct by construction.
CREATE TRIGGER client_seen_counts AFTER INSERT ON client_seen
BEGIN
  INSERT INTO client_daily (day, path, reader, clients) VALUES (NEW.day, NEW.path, NEW.reader, 1)
  ON CONFLICT (day, path, reader) DO UPDATE SET clients = clients + 1;
END;

-- Widget loads per partner origin (scheme, host and port only; never a page path).
CREATE TABLE widget_daily (
  day TEXT NOT NULL,
  origin TEXT NOT NULL,
  loads INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, origin)
) WITHOUT ROWID;

-- Accepted newsletter signups per `source`.
CREATE TABLE signup_daily (
  day TEXT NOT NULL,
  source TEXT NOT NULL,
  signups INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, source)
) WITHOUT ROWID;
