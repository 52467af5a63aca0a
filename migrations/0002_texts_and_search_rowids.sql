-- The texts of the sources' revisions, so that read-only commands answer from the index alone
-- (without starting libgit2), and the full-text rows keyed by their claims' rowids, so that
-- replacing a claim's row is a lookup rather than a scan of the full-text table.

CREATE TABLE texts (
	source TEXT NOT NULL,         -- texts/HH/ID/N.txt
	rev    INTEGER NOT NULL,
	body   TEXT NOT NULL,
	PRIMARY KEY (source, rev)
) WITHOUT ROWID;

CREATE INDEX claims_by_created ON claims (created, id);

-- Forget the indexed commit: the next open rebuilds the index from the history, which fills
-- texts and writes every full-text row under its claim's rowid.
DELETE FROM meta WHERE key = 'commit';
