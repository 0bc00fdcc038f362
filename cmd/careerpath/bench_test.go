package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"runtime"
	"testing"

	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/sqlite"
)

// BenchmarkClassifyFile100k runs the classify command's stream over
// 100,000 JSON Lines entries (the evaluation set, repeated) with the
// default model, on all cores (issue 5: ≤ 10 s):
//
//	go test ./cmd/careerpath -run '^$' -bench ClassifyFile100k -benchtime 3x
func BenchmarkClassifyFile100k(b *testing.B) {
	ctx := context.Background()
	path := modelTestDB(b)
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	careers, err := careersOf("")
	if err != nil {
		b.Fatal(err)
	}
	rel, err := relevanceModel(ctx, db, careers)
	if err != nil {
		b.Fatal(err)
	}
	d, err := classify.DefaultTrainingData(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	m, err := classify.Train(d, classify.DefaultConfig(), 1)
	if err != nil {
		b.Fatal(err)
	}
	dev, err := classify.DevSet()
	if err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	for i := range 100_000 {
		line, _ := json.Marshal(dev[i%len(dev)].Entry)
		in.Write(line)
		in.WriteByte('\n')
	}
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		if err := classifyStream(ctx, bytes.NewReader(in.Bytes()), io.Discard, rel, classify.DevSetCareer, m, "v1", runtime.GOMAXPROCS(0)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/100k")
}
