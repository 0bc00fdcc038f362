package importer

import (
	"database/sql"
	"testing"
)

// checkAnyRelease checks what an import of any release stores: every
// dataset recorded with its counts, the programs of the summary, each at
// an institution of the directory.
func checkAnyRelease(t *testing.T, sum *Summary, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var datasets, programs, orphans int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM datasets), (SELECT count(*) FROM programs),
		(SELECT count(*) FROM programs p WHERE NOT EXISTS (SELECT 1 FROM institutions i WHERE i.unitid = p.unitid))`).Scan(&datasets, &programs, &orphans); err != nil {
		t.Fatal(err)
	}
	if datasets != 17 || programs == 0 || programs != sum.Programs.Programs || orphans != 0 {
		t.Errorf("%d datasets (want 17), %d programs (summary %d), %d at no institution (want 0)", datasets, programs, sum.Programs.Programs, orphans)
	}
	for _, r := range sum.Results {
		var read, stored, rejected int
		if err := db.QueryRow(`SELECT rows_read, rows_stored, rows_rejected FROM datasets WHERE id = ?`, r.Dataset).Scan(&read, &stored, &rejected); err != nil {
			t.Errorf("dataset %s: %v", r.Dataset, err)
		} else if read != r.Read || stored != r.Stored || rejected != r.Rejected() || read == 0 {
			t.Errorf("dataset %s: stored %d read, %d stored, %d rejected; the import said %d, %d, %d", r.Dataset, read, stored, rejected, r.Read, r.Stored, r.Rejected())
		}
	}
}
