package classify

import (
	"bytes"
	"compress/gzip"
	"io"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/data"
)

// small returns training data cut to a few series with a fast config, for
// the tests that train twice or run under the race detector.
func small(t testing.TB) (*TrainingData, Config) {
	t.Helper()
	d, err := DefaultTrainingData(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	keep := func(cip string) bool {
		switch cip[:2] {
		case "11", "27", "30", "42", "52":
			return true
		}
		return false
	}
	out := &TrainingData{}
	for _, c := range d.Classes {
		if keep(c.CIP) {
			out.Classes = append(out.Classes, c)
		}
	}
	for _, e := range d.Examples {
		if keep(e.CIP) {
			out.Examples = append(out.Examples, e)
		}
	}
	cfg := DefaultConfig()
	cfg.Epochs = 3
	return out, cfg
}

func TestTrainReproducible(t *testing.T) {
	d, cfg := small(t)
	var arts [2][]byte
	for i := range arts {
		m, err := Train(d, cfg, 7)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := m.Save(&b); err != nil {
			t.Fatal(err)
		}
		arts[i] = b.Bytes()
	}
	if !bytes.Equal(arts[0], arts[1]) {
		t.Fatal("two trainings with the same data, config and seed gave different artifacts")
	}
	other, err := Train(d, cfg, 8)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	other.Save(&b)
	if bytes.Equal(arts[0], b.Bytes()) {
		t.Error("seeds 7 and 8 gave the same artifact")
	}
}

func TestSaveLoad(t *testing.T) {
	d, cfg := small(t)
	m, err := Train(d, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	art := b.Bytes()
	t.Logf("artifact %d bytes, %d classes, %d features, %d weights", len(art), len(m.classes), len(m.hashes), len(m.vals))
	got, err := Load(bytes.NewReader(art))
	if err != nil {
		t.Fatal(err)
	}
	if got.Version() != m.Version() {
		t.Errorf("Version = %q, want %q", got.Version(), m.Version())
	}
	for _, name := range []string{"MSc Machine Learning", "BSc Statistics", "MBA", "Licence Informatique", "MS in Psychology"} {
		e := Entry{Program: name}
		if a, b := m.Predict(e), got.Predict(e); !equalResults(a, b) {
			t.Errorf("Predict(%q) after Load = %+v, want %+v", name, b, a)
		}
	}
	var again bytes.Buffer
	got.Save(&again)
	if !bytes.Equal(again.Bytes(), art) {
		t.Error("Save after Load changed the artifact")
	}
}

func equalResults(a, b Result) bool {
	if len(a.Predictions) != len(b.Predictions) || a.Readable != b.Readable {
		return false
	}
	for i := range a.Predictions {
		if a.Predictions[i] != b.Predictions[i] {
			return false
		}
	}
	return true
}

func TestLoadRejectsDamage(t *testing.T) {
	d, cfg := small(t)
	m, err := Train(d, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	m.Save(&b)
	art := b.Bytes()
	body := gunzip(t, art)

	regzip := func(p []byte) []byte {
		var out bytes.Buffer
		z := gzip.NewWriter(&out)
		z.Write(p)
		z.Close()
		return out.Bytes()
	}
	flipped := bytes.Clone(body)
	flipped[len(flipped)/2] ^= 0x40
	tests := map[string][]byte{
		"empty":             nil,
		"not gzip":          []byte("hello"),
		"truncated gzip":    art[:len(art)/2],
		"flipped body byte": regzip(flipped),
		"truncated body":    regzip(body[:len(body)-100]),
		"no checksum":       regzip(body[:len(body)-32]),
		"extra bytes":       regzip(append(bytes.Clone(body), 0)),
	}
	for name, a := range tests {
		got, err := Load(bytes.NewReader(a))
		if err == nil || got != nil {
			t.Errorf("%s: Load = %v, %v; want nil and an error", name, got, err)
			continue
		}
		if code := careerpath.ErrorCode(err); code != careerpath.EINVALID {
			t.Errorf("%s: error code %q (%v), want %q", name, code, err, careerpath.EINVALID)
		}
	}

	// A body with a valid checksum but another feature schema.
	m.meta.Config.Features.CharMax = 6
	var bb bytes.Buffer
	m.Save(&bb)
	m.meta.Config.Features.CharMax = cfg.Features.CharMax
	if _, err := Load(&bb); err == nil {
		t.Error("Load accepted an artifact whose feature schema does not match its config")
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	z, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUnreadable checks that names the model cannot read get no
// confident prediction.
func TestUnreadable(t *testing.T) {
	d, cfg := small(t)
	m, err := Train(d, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"", "   ", "Master of Science", "Bachelor of Arts", "PhD", "MSc", "计算机科学与技术", "Информатика и вычислительная техника", "Xqzv Wrrplk"} {
		res := m.Predict(Entry{Program: name, Degree: "Master's"})
		if res.Readable != 0 {
			t.Errorf("Predict(%q).Readable = %v, want 0", name, res.Readable)
		}
		if top, ok := res.Top(); ok && top.Probability > 0 {
			t.Errorf("Predict(%q) = %+v, want no prediction", name, top)
		}
	}
	// Half the words unknown: the confidence is at most half.
	res := m.Predict(Entry{Program: "Statistics Xqzv"})
	if top, _ := res.Top(); res.Readable != 0.5 || top.Probability > 0.5 {
		t.Errorf("Predict(Statistics Xqzv) = %+v, readable %v; want readable 0.5 and probability ≤ 0.5", top, res.Readable)
	}
}

func TestProbabilities(t *testing.T) {
	d, cfg := small(t)
	m, err := Train(d, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	res := m.Predict(Entry{Program: "BSc Statistics"})
	if len(res.Predictions) != cfg.TopK {
		t.Fatalf("got %d predictions, want %d", len(res.Predictions), cfg.TopK)
	}
	var sum float64
	for i, p := range res.Predictions {
		sum += p.Probability
		if i > 0 && p.Probability > res.Predictions[i-1].Probability {
			t.Errorf("predictions not sorted: %+v", res.Predictions)
		}
	}
	if sum > 1+1e-9 {
		t.Errorf("probabilities sum to %v", sum)
	}
	if top, _ := res.Top(); top.CIP[:5] != "27.05" {
		t.Errorf("Predict(BSc Statistics) = %+v, want a statistics code", top)
	}
}

// TestPredictConcurrent runs Predict from many goroutines; with -race it
// checks that a model is safe to share.
func TestPredictConcurrent(t *testing.T) {
	d, cfg := small(t)
	m, err := Train(d, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := m.Predict(Entry{Program: "MSc Machine Learning"})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if got := m.Predict(Entry{Program: "MSc Machine Learning"}); !equalResults(got, want) {
					t.Error("concurrent Predict gave another result")
					return
				}
			}
		}()
	}
	wg.Wait()
}
