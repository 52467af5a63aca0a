-- Each citation's place in its revision and its value as columns, and each re-anchored
-- citation's new place, so that a claim diff reads rows instead of parsing claim records and
-- takes the re-anchoring stored by `source update` instead of redoing it. The full-text table
-- keeps only its index: the words it shows in snippets are read from the claims and their
-- citations (a view), not stored a second time.

DROP TABLE citations;
CREATE TABLE citations (
	claim    TEXT NOT NULL,
	seq      INTEGER NOT NULL,    -- position in the claim's "citations" array, from 0
	source   TEXT NOT NULL,
	rev      INTEGER NOT NULL,
	quote    TEXT NOT NULL,
	stance   TEXT NOT NULL,
	start_at INTEGER NOT NULL,    -- the quote's byte range in revision rev ("start", "end")
	end_at   INTEGER NOT NULL,
	value    TEXT,                -- its "value" as compact JSON, or NULL
	PRIMARY KEY (claim, seq)
) WITHOUT ROWID;
CREATE INDEX citations_by_source ON citations (source, rev);

DROP TABLE anchors;
CREATE TABLE anchors (
	source     TEXT NOT NULL,
	rev        INTEGER NOT NULL,  -- the revision the citation was re-anchored in
	claim      TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	from_rev   INTEGER NOT NULL,  -- the revision the citation was made on
	change     TEXT NOT NULL,     -- unchanged, moved, changed, removed
	start_at   INTEGER,           -- where the passage stands in rev; NULL when removed
	end_at     INTEGER,
	similarity REAL NOT NULL,
	PRIMARY KEY (source, rev, claim, seq)
) WITHOUT ROWID;

-- What the full-text index covers: a claim's statement and the quotes of its citations, one per
-- line, under the claim's rowid.
CREATE VIEW claims_text AS
	SELECT c.rowid AS rid, c.id AS id, c.statement AS statement,
	       (SELECT group_concat(t.quote, char(10)) FROM citations t WHERE t.claim = c.id) AS quotes
	FROM claims c;

DROP TABLE claims_fts;
CREATE VIRTUAL TABLE claims_fts USING fts5 (id UNINDEXED, statement, quotes,
	content = 'claims_text', content_rowid = 'rid');

DELETE FROM meta WHERE key = 'commit';
