package classify

import (
	"strings"
	"sync"
	"testing"

	"github.com/careerpath/careerpath/catalog"
)

// TestAnalyzeConcentrations reads the head field and the concentration of
// names as catalogs write them.
func TestAnalyzeConcentrations(t *testing.T) {
	tests := []struct {
		program       string
		degree        Degree
		field, concen string
	}{
		{"Master of Science In Computer Science, Specialization in Information Management and Analytics", DegreeMaster, "computer science", "information management analytics"},
		{"MBA with concentration in Data Science and Business Analytics", DegreeMaster, "business administration", "data science business analytics"},
		{"MBA with a Concentration in Data Science", DegreeMaster, "business administration", "data science"},
		{"MBA Concentration in Data Science", DegreeMaster, "business administration", "data science"},
		{"Master of Science in Business Administration: Business Analytics Option", DegreeMaster, "business administration", "business analytics"},
		{"MS in Computer Science – Machine Learning Track", DegreeMaster, "computer science", "machine learning"},
		{"MS in Computer Science - Machine Learning Track", DegreeMaster, "computer science", "machine learning"},
		{"Data Science (Online)", DegreeUnknown, "data science", ""},
		{"MS in CS (AI) – (Online) – (Part-time)", DegreeMaster, "cs", "ai"},
		{"Graduate Certificate in Data Analytics", DegreeCertificate, "data analytics", ""},
		{"Data Mining and Applications Graduate Certificate", DegreeCertificate, "data mining applications", ""},
		{"Master of Science (Data Science)", DegreeMaster, "data science", ""},
		{"Informatik (M.Sc.)", DegreeMaster, "informatik", ""},
		{"BSc (Hons) Computer Science", DegreeBachelor, "computer science", ""},
		{"Biomathematics, Bioinformatics, and Computational Biology", DegreeUnknown, "biomathematics bioinformatics computational biology", ""},
		{"MS, Computer Science (Thesis Option)", DegreeMaster, "computer science", "thesis"},
		{"Computer Science – Software Systems Specialization, MS", DegreeMaster, "computer science", "software systems"},
		{"Honours Bachelor of Computer Science (Co-op)", DegreeBachelor, "computer science", "co op"},
		{"MS in Psychology – Human Factors", DegreeMaster, "psychology", "human factors"},
		{"Master of Business Administration (MBA) - Business Analytics Concentration", DegreeMaster, "business administration", "business analytics"},
		{"Wharton MBA", DegreeMaster, "wharton business administration", ""},
		{"((((Data Science", DegreeUnknown, "data science", ""},
		{"Data Science)))", DegreeUnknown, "data science", ""},
		{"Part-time MBA", DegreeMaster, "business administration", ""},
		{"BS in Computer Science in Real-Time Interactive Simulation", DegreeBachelor, "computer science", "real interactive simulation"},
		{"Bachelor of Science in Engineering in Computer Engineering", DegreeBachelor, "engineering computer engineering", ""},
		{"Master of Science in Nursing in Family Practice", DegreeMaster, "nursing", "family practice"},
	}
	for _, tt := range tests {
		a := Analyze(tt.program, "")
		var conc string
		if len(a.Concentrations) > 0 {
			conc = strings.Join(a.Concentrations[0], " ")
		}
		if got := strings.Join(a.Field, " "); a.Degree != tt.degree || got != tt.field || conc != tt.concen {
			t.Errorf("Analyze(%q) = %v %q, concentration %q; want %v %q, %q", tt.program, a.Degree, got, conc, tt.degree, tt.field, tt.concen)
		}
	}
}

var fuzzModel struct {
	once sync.Once
	m    *Linear
	err  error
}

// FuzzPredict feeds names of any length, script and punctuation to a
// small model and to Assess: neither may panic, probabilities stay in
// [0, 1], and a name the model cannot read gets no prediction.
//
//	go test ./classify -run '^$' -fuzz FuzzPredict -fuzztime 30s
func FuzzPredict(f *testing.F) {
	for _, s := range []string{"MS in CS (AI) – (Online) – (Part-time)", "MBA with a concentration in Data Science",
		"计算机科学与技术 (Data Science)", "Информатика: Data Science", strings.Repeat("(", 300) + "Statistics", strings.Repeat("Data Science – ", 200),
		"Master of Science In Computer Science, Specialization in Information Management and Analytics", "", "– – –"} {
		f.Add(s, "Master's")
	}
	f.Fuzz(func(t *testing.T, program, degree string) {
		fuzzModel.once.Do(func() {
			d, cfg := small(t)
			cfg.Epochs = 1
			fuzzModel.m, fuzzModel.err = Train(d, cfg, 1)
		})
		if fuzzModel.err != nil {
			t.Fatal(fuzzModel.err)
		}
		if len(program) > catalog.DefaultMaxField {
			program = program[:catalog.DefaultMaxField]
		}
		e := Entry{Program: program, Degree: degree}
		res := fuzzModel.m.Predict(e)
		if res.Readable < 0 || res.Readable > 1 {
			t.Fatalf("Predict(%q).Readable = %v", program, res.Readable)
		}
		for _, p := range res.Predictions {
			if p.Probability < 0 || p.Probability > 1 || p.Probability != p.Probability {
				t.Fatalf("Predict(%q) probability %v", program, p.Probability)
			}
		}
		if res.Readable == 0 && len(res.Predictions) > 0 {
			t.Fatalf("Predict(%q) is unreadable but predicts %+v", program, res.Predictions)
		}
		if c := res.Concentration; c != nil && (c.Prediction.Probability < 0 || c.Prediction.Probability > 1) {
			t.Fatalf("Predict(%q) concentration probability %v", program, c.Prediction.Probability)
		}
	})
}
