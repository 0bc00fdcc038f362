package classify

import (
	"os"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/relevance"
)

const (
	evalFile   = "testdata/eval/programs-ml-engineer.dev.jsonl"
	evalCareer = "machine-learning-engineer"
)

var shared struct {
	once  sync.Once
	data  *TrainingData
	model *Linear
	rel   *relevance.Rule
	err   error
}

// trained returns the default model trained once for the package's tests.
// Training it takes 10 s or more, so with -short the test is skipped: the
// short tier runs the tests that train small models only.
func trained(t testing.TB) (*Linear, *TrainingData) {
	t.Helper()
	if testing.Short() {
		t.Skip("trains the full model; run without -short")
	}
	shared.once.Do(func() {
		shared.data, shared.err = DefaultTrainingData(data.FS)
		if shared.err != nil {
			return
		}
		shared.model, shared.err = Train(shared.data, DefaultConfig(), 1)
		if shared.err != nil {
			return
		}
		shared.rel, shared.err = relevanceModel()
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.model, shared.data
}

func relevanceModel() (*relevance.Rule, error) {
	careers, err := content.Load(content.Embedded())
	if err != nil {
		return nil, err
	}
	f, err := data.FS.Open("cip-soc-2020/cip2020_soc2018_crosswalk.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pairs, err := opendata.ParseCrosswalk(opendata.Source{Dataset: opendata.DatasetCrosswalk}, f)
	if err != nil {
		return nil, err
	}
	var links []careerpath.CrosswalkLink
	for _, p := range pairs {
		if p.CIP != "" && p.SOC != "" {
			links = append(links, careerpath.CrosswalkLink{CIP: p.CIP, CIPTitle: p.CIPTitle, SOC: p.SOC, SOCTitle: p.SOCTitle})
		}
	}
	codes, err := readCIP(data.FS)
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	for _, c := range codes {
		titles[c.Code] = c.Title
	}
	return relevance.New(careers, links, titles), nil
}

func readEval(t testing.TB) []LabelledEntry {
	t.Helper()
	f, err := os.Open(evalFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, err := ReadLabelled(f)
	if err != nil {
		t.Fatal(err)
	}
	return es
}
