package experiment

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// fnv1a32 is FNV-1a written out byte by byte from its definition, as an
// implementation independent of Hash.
func fnv1a32(b []byte) uint32 {
	h := uint32(0x811c9dc5)
	for _, c := range b {
		h ^= uint32(c)
		h *= 0x01000193
	}
	return h
}

// The frozen vectors were computed once by a third implementation (Python,
// hashing (salt + ":" + id).encode("utf-8")) and agree with both above.
var vectors = []struct {
	id              string
	hash1           uint32 // salt "finder-ranking.p1"
	bucket1         int
	arm1, arm1three string // 50/50 control/outcomes; 3333/3333/3334 control/outcomes/hybrid
	hash2           uint32 // salt "finder-ranking.p2"
	bucket2         int
	arm2            string // 80/20 control/outcomes
}{
	{"visitor-1", 222584653, 4653, "control", "outcomes", 2673950444, 444, "control"},
	{"visitor-2", 172251796, 1796, "control", "control", 2724283301, 3301, "control"},
	{"visitor-42", 1603634644, 4644, "control", "outcomes", 772689811, 9811, "outcomes"},
	{"3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f", 3979000510, 510, "control", "control", 151839377, 9377, "outcomes"},
	{"", 273856263, 6263, "outcomes", "outcomes", 106227168, 7168, "control"},
	{"a", 406238610, 8610, "outcomes", "hybrid", 2024098323, 8323, "outcomes"},
	{"визитор-42", 2464210781, 781, "control", "control", 768905896, 5896, "control"},
	{"訪問者", 1365746997, 6997, "outcomes", "hybrid", 4144442068, 2068, "control"},
	{"ünïcödé", 2486276608, 6608, "outcomes", "outcomes", 151069461, 9461, "outcomes"},                       // NFC
	{"u\u0308ni\u0308co\u0308de\u0301", 1316396781, 6781, "outcomes", "hybrid", 2368171168, 1168, "control"}, // the same text in NFD
	{"🙂 unit", 862397469, 7469, "outcomes", "hybrid", 4088065320, 5320, "control"},
	{"Visitor-1", 2724848109, 8109, "outcomes", "hybrid", 3179652428, 2428, "control"},
}

func TestHashMatchesIndependentImplementations(t *testing.T) {
	for _, v := range vectors {
		for _, salt := range []string{"finder-ranking.p1", "finder-ranking.p2", "", "ü"} {
			want := fnv1a32([]byte(salt + ":" + v.id))
			std := fnv.New32a()
			std.Write([]byte(salt + ":" + v.id))
			if got := Hash(salt, v.id); got != want || got != std.Sum32() {
				t.Errorf("Hash(%q, %q) = %d, byte loop %d, hash/fnv %d", salt, v.id, got, want, std.Sum32())
			}
		}
	}
}

func TestFrozenAssignments(t *testing.T) {
	p1 := Phase{Salt: "finder-ranking.p1", Arms: []Arm{{"control", 5000}, {"outcomes", 5000}}}
	p1three := Phase{Salt: "finder-ranking.p1", Arms: []Arm{{"control", 3333}, {"outcomes", 3333}, {"hybrid", 3334}}}
	p2 := Phase{Salt: "finder-ranking.p2", Arms: []Arm{{"control", 8000}, {"outcomes", 2000}}}
	for _, v := range vectors {
		if got := Hash(p1.Salt, v.id); got != v.hash1 {
			t.Errorf("Hash(%q, %q) = %d, want %d", p1.Salt, v.id, got, v.hash1)
		}
		if got := Bucket(p1.Salt, v.id); got != v.bucket1 {
			t.Errorf("Bucket(%q, %q) = %d, want %d", p1.Salt, v.id, got, v.bucket1)
		}
		if got, ok := p1.Assign(v.id); !ok || got != v.arm1 {
			t.Errorf("50/50 Assign(%q) = %q, %v; want %q", v.id, got, ok, v.arm1)
		}
		if got, ok := p1three.Assign(v.id); !ok || got != v.arm1three {
			t.Errorf("three-arm Assign(%q) = %q, %v; want %q", v.id, got, ok, v.arm1three)
		}
		if got := Hash(p2.Salt, v.id); got != v.hash2 {
			t.Errorf("Hash(%q, %q) = %d, want %d", p2.Salt, v.id, got, v.hash2)
		}
		if got, ok := p2.Assign(v.id); !ok || got != v.arm2 || Bucket(p2.Salt, v.id) != v.bucket2 {
			t.Errorf("80/20 Assign(%q) = %q, %v (bucket %d); want %q (bucket %d)", v.id, got, ok, Bucket(p2.Salt, v.id), v.arm2, v.bucket2)
		}
	}
	// The same visible text in NFC and NFD is two units: ids are bytes.
	if nfc, nfd := vectors[8].id, vectors[9].id; nfc == nfd || Hash(p1.Salt, nfc) == Hash(p1.Salt, nfd) {
		t.Errorf("NFC %q and NFD %q hash alike", nfc, nfd)
	}
}

func TestPartialEnrollment(t *testing.T) {
	p := Phase{Salt: "finder-ranking.p1", Arms: []Arm{{"control", 2000}, {"outcomes", 2000}}}
	// Buckets 4653 and 6263 are beyond 4000: not enrolled.
	for id, want := range map[string]string{"visitor-1": "", "": "", "visitor-2": "control", "визитор-42": "control"} {
		got, ok := p.Assign(id)
		if got != want || ok != (want != "") {
			t.Errorf("Assign(%q) = %q, %v; want %q", id, got, ok, want)
		}
	}
}

func TestExperimentPhases(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	e, err := New("finder-ranking", Phase{Salt: "finder-ranking.p1", Start: start, Arms: []Arm{{"control", 5000}, {"outcomes", 5000}}})
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := e.Assign("visitor-42"); !ok || a != (Assignment{Experiment: "finder-ranking", Phase: 0, Bucket: 4644, Arm: "control"}) {
		t.Errorf("Assign(visitor-42) = %+v, %v", a, ok)
	}
	// A weight change must come with a new salt.
	if err := e.NewPhase(Phase{Salt: "finder-ranking.p1", Start: start.AddDate(0, 0, 7), Arms: []Arm{{"control", 8000}, {"outcomes", 2000}}}); err == nil {
		t.Error("NewPhase with the old salt succeeded, want an error")
	}
	if err := e.NewPhase(Phase{Salt: "finder-ranking.p2", Start: start.AddDate(0, 0, -1), Arms: []Arm{{"control", 8000}, {"outcomes", 2000}}}); err == nil {
		t.Error("NewPhase starting before the current phase succeeded, want an error")
	}
	if len(e.Phases) != 1 {
		t.Fatalf("failed NewPhase calls left %d phases, want 1", len(e.Phases))
	}
	if err := e.NewPhase(Phase{Salt: "finder-ranking.p2", Start: start.AddDate(0, 0, 7), Arms: []Arm{{"control", 8000}, {"outcomes", 2000}}}); err != nil {
		t.Fatal(err)
	}
	if a, ok := e.Assign("visitor-42"); !ok || a != (Assignment{Experiment: "finder-ranking", Phase: 1, Bucket: 9811, Arm: "outcomes"}) {
		t.Errorf("Assign(visitor-42) in phase 1 = %+v, %v", a, ok)
	}
}

func TestPhaseValidate(t *testing.T) {
	bad := []Phase{
		{Salt: "", Arms: []Arm{{"a", 5000}, {"b", 5000}}},
		{Salt: "s", Arms: []Arm{{"a", 10000}}},
		{Salt: "s", Arms: []Arm{{"a", 5000}, {"a", 5000}}},
		{Salt: "s", Arms: []Arm{{"", 5000}, {"b", 5000}}},
		{Salt: "s", Arms: []Arm{{"a", 6000}, {"b", 5000}}},
		{Salt: "s", Arms: []Arm{{"a", -1}, {"b", 5000}}},
		{Salt: "s", Arms: []Arm{{"a", 0}, {"b", 0}}},
	}
	for _, p := range bad {
		if err := p.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", p)
		}
	}
}

// chiSquareUniform returns the chi-square statistic of counts against a
// uniform expectation, and its p-value.
func chiSquareUniform(counts []int) (float64, float64) {
	var n int
	for _, c := range counts {
		n += c
	}
	e := float64(n) / float64(len(counts))
	var x2 float64
	for _, c := range counts {
		d := float64(c) - e
		x2 += d * d / e
	}
	return x2, distuv.ChiSquared{K: float64(len(counts) - 1)}.Survival(x2)
}

// TestBucketUniformity hashes 1,000,000 ids into the 10,000 buckets and
// tests the counts for uniformity (chi-square, df 9,999, p > 0.001), for
// random ids like the visitor cookie's and for sequential ids.
func TestBucketUniformity(t *testing.T) {
	if testing.Short() {
		t.Skip("1M hashes")
	}
	r := rand.New(rand.NewPCG(2026, 6))
	for _, kind := range []string{"random", "sequential"} {
		counts := make([]int, Buckets)
		var buf [16]byte
		for i := range 1_000_000 {
			var id string
			if kind == "random" {
				for j := range buf {
					buf[j] = "0123456789abcdef"[r.IntN(16)]
				}
				id = string(buf[:])
			} else {
				id = fmt.Sprintf("visitor-%d", i)
			}
			counts[Bucket("finder-ranking.p1", id)]++
		}
		x2, p := chiSquareUniform(counts)
		t.Logf("%s ids: χ² = %.1f on 9999 df, p = %.4f", kind, x2, p)
		if p <= 0.001 {
			t.Errorf("%s ids: buckets not uniform, χ² = %.1f, p = %.3g", kind, x2, p)
		}
	}
}

// TestPhasesIndependent checks that a new salt re-randomises: the arms of
// 200,000 random ids under two phases' salts are independent (chi-square
// test of the 3×2 contingency table, p > 0.001).
func TestPhasesIndependent(t *testing.T) {
	p1 := Phase{Salt: "finder-ranking.p1", Arms: []Arm{{"a", 3333}, {"b", 3333}, {"c", 3334}}}
	p2 := Phase{Salt: "finder-ranking.p2", Arms: []Arm{{"a", 8000}, {"b", 2000}}}
	r := rand.New(rand.NewPCG(7, 7))
	var table [3][2]float64
	idx := map[string]int{"a": 0, "b": 1, "c": 2}
	const n = 200_000
	for range n {
		id := fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
		a1, _ := p1.Assign(id)
		a2, _ := p2.Assign(id)
		table[idx[a1]][idx[a2]]++
	}
	var rows [3]float64
	var cols [2]float64
	for i := range table {
		for j := range table[i] {
			rows[i] += table[i][j]
			cols[j] += table[i][j]
		}
	}
	var x2 float64
	for i := range table {
		for j := range table[i] {
			e := rows[i] * cols[j] / n
			x2 += (table[i][j] - e) * (table[i][j] - e) / e
		}
	}
	p := distuv.ChiSquared{K: 2}.Survival(x2)
	t.Logf("phase 1 × phase 2 arms: %v, χ² = %.3f, p = %.3f", table, x2, p)
	if p <= 0.001 {
		t.Errorf("arms under two salts are dependent: χ² = %.2f, p = %.3g", x2, p)
	}
}

func BenchmarkBucket(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Bucket("finder-ranking.p1", "3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f")
	}
}

func BenchmarkAssign(b *testing.B) {
	e, _ := New("finder-ranking", Phase{Salt: "finder-ranking.p1", Arms: []Arm{{"control", 3333}, {"outcomes", 3333}, {"hybrid", 3334}}})
	ids := make([]string, 1024)
	for i := range ids {
		ids[i] = strings.Repeat("x", 20) + fmt.Sprint(i)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Assign(ids[i&1023])
	}
}
