package classify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// fixedModel predicts one CIP code, named in the program, for every entry.
type fixedModel struct{}

func (fixedModel) Predict(e Entry) Result {
	return Result{Readable: 1, Predictions: []Prediction{{CIP: "11.0701", Title: "Computer Science", Probability: 0.9}}}
}

func (fixedModel) Version() string { return "fixed" }

// TestStreamOrder: answers come in input order across chunks and
// workers, blank lines are skipped with the line numbers kept, and a bad
// line stops the run after the answers to the lines before it.
func TestStreamOrder(t *testing.T) {
	rel, err := relevanceModel()
	if err != nil {
		t.Fatal(err)
	}
	career := DevSetCareer
	const lines, bad = 1300, 1101
	for _, badLine := range []int{0, bad} {
		var in strings.Builder
		want := 0
		for n := 1; n <= lines; n++ {
			switch {
			case n == badLine:
				in.WriteString("not json\n")
			case n%7 == 0:
				in.WriteString("  \n")
			default:
				fmt.Fprintf(&in, `{"program": "program %d"}`+"\n", n)
				if badLine == 0 || n < badLine {
					want++
				}
			}
		}
		var out bytes.Buffer
		err := Stream(context.Background(), strings.NewReader(in.String()), &out, rel, career, fixedModel{}, "v1", 3)
		if badLine == 0 && err != nil {
			t.Fatal(err)
		}
		if badLine != 0 && (err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d:", badLine))) {
			t.Errorf("bad line %d: error %v, want one naming it", badLine, err)
		}
		sc := bufio.NewScanner(&out)
		got, last := 0, 0
		for sc.Scan() {
			var l struct {
				Line    int    `json:"line"`
				Program string `json:"program"`
				Model   string `json:"model"`
			}
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Fatal(err)
			}
			if l.Line <= last || l.Line%7 == 0 || l.Program != fmt.Sprintf("program %d", l.Line) || l.Model != "v1" {
				t.Fatalf("answer %d after line %d: %+v", got+1, last, l)
			}
			last = l.Line
			got++
		}
		if got != want {
			t.Errorf("bad line %d: %d answers, want %d", badLine, got, want)
		}
	}
}
