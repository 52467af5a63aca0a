-- The index: a derived, rebuildable copy of the ledger's records for queries. Every row comes
-- from a file of the git tree (core/store/ledger.h draws it); `record` columns hold that file's
-- JSON, compact.
--
-- The number of this file is the schema's version, kept in PRAGMA user_version. The index is a
-- cache: an index of any other version is discarded and rebuilt from the history, never altered
-- step by step. To change the schema, edit this file and give it the next number (versions 1 to 3
-- were the schemas of earlier claimtrack releases, so this one starts at 4).

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,       -- 'commit': hex id of the commit the index reflects
	value TEXT NOT NULL
);

CREATE TABLE sources (
	id        TEXT PRIMARY KEY,   -- sources/HH/ID.json
	url       TEXT NOT NULL,
	title     TEXT,
	publisher TEXT,
	published TEXT,               -- YYYY-MM-DD or NULL
	kind      TEXT,               -- 'primary', 'secondary' or NULL
	revisions INTEGER NOT NULL,   -- number of text revisions
	record    TEXT NOT NULL
);

CREATE TABLE source_cites (
	source TEXT NOT NULL,         -- a source ...
	cited  TEXT NOT NULL,         -- ... that cites this one (--cites)
	PRIMARY KEY (source, cited)
) WITHOUT ROWID;

-- The texts of the sources' revisions, so that read-only commands answer from the index alone
-- (without starting libgit2).
CREATE TABLE texts (
	source TEXT NOT NULL,         -- texts/HH/ID/N.txt
	rev    INTEGER NOT NULL,
	body   TEXT NOT NULL,
	PRIMARY KEY (source, rev)
) WITHOUT ROWID;

CREATE TABLE claims (
	id        TEXT PRIMARY KEY,   -- claims/C/D/ID.json
	statement TEXT NOT NULL,
	subject   TEXT,
	property  TEXT,
	status    TEXT NOT NULL,
	created   TEXT NOT NULL,
	updated   TEXT NOT NULL,
	record    TEXT NOT NULL
);
CREATE INDEX claims_by_created ON claims (created, id);

-- Each citation's place in its revision and its value as columns, so that a claim diff reads
-- rows instead of parsing claim records.
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

-- Where a later revision re-anchors a citation (anchors/HH/ID/N.json), so that a claim diff
-- takes the re-anchoring stored by `source update` instead of redoing it.
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
-- line, under the claim's rowid. The full-text table keeps only its index: the words it shows in
-- snippets are read from this view, not stored a second time, and its rows share their claims'
-- rowids, so that replacing a claim's row is a lookup rather than a scan.
CREATE VIEW claims_text AS
	SELECT c.rowid AS rid, c.id AS id, c.statement AS statement,
	       (SELECT group_concat(t.quote, char(10)) FROM citations t WHERE t.claim = c.id) AS quotes
	FROM claims c;

CREATE VIRTUAL TABLE claims_fts USING fts5 (id UNINDEXED, statement, quotes,
	content = 'claims_text', content_rowid = 'rid');
