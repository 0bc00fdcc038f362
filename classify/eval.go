package classify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// AwardLevel returns the IPEDS award level of an entry from its degree
// text and program name. A certificate of unknown length counts as 1–2
// years, IPEDS's middle band, unless it is a graduate certificate; an
// entry whose level cannot be read counts as a bachelor's, the level at
// which the award factor no longer matters.
func AwardLevel(degree, program string) int {
	return awardLevel(DegreeOf(degree, program), degree, program)
}

// awardLevel is AwardLevel with the level DegreeOf gives, d.
func awardLevel(d Degree, degree, program string) int {
	switch d {
	case DegreeCertificate:
		tb := getTextBuf()
		defer putTextBuf(tb)
		tb.joined = append(append(append(tb.joined, degree...), ' '), program...)
		for _, t := range appendTokens(tb, tb.joined) {
			switch t {
			case "graduate", "postgraduate", "postbaccalaureate", "pgcert", "pgdip", "gradcert", "post":
				return careerpath.AwardPostbacCert
			}
		}
		return careerpath.AwardCert1To2Years
	case DegreeAssociate:
		return careerpath.AwardAssociate
	case DegreeMaster:
		return careerpath.AwardMaster
	case DegreeDoctorate:
		return careerpath.AwardDoctorResearch
	case DegreeProfessionalDoctorate:
		return careerpath.AwardDoctorProfession
	}
	return careerpath.AwardBachelor
}

// MinConfidence is the probability below which a predicted field of study
// is not used: the entry is none, with a reason saying the name could not
// be read with confidence. The catalog import holds such entries for
// review.
const MinConfidence = 0.25

// Assess returns the relevance of an entry to a career: the model's most
// likely CIP code goes through the same function as a program with a
// known code (relevance.Rule.Of), and Confidence is the model's
// probability. Below minConfidence the entry is none, honestly marked as
// not understood. A concentration the name gives after its head, read at
// minConfidence or more, is the second signal of
// relevance.Rule.OfConcentration: in a strong field it makes the entry
// related at most.
func Assess(rel *relevance.Rule, career string, m Model, e Entry, minConfidence float64) (careerpath.Relevance, Result) {
	res := m.Predict(e)
	return assessResult(rel, career, e, res, minConfidence), res
}

// assessResult is Assess once the model has predicted res for e. Its
// reasons are built once per field, award level and percentage (see
// reasonCache); the slice it returns is the caller's.
func assessResult(rel *relevance.Rule, career string, e Entry, res Result, minConfidence float64) careerpath.Relevance {
	top, ok := res.Top()
	if !ok || top.Probability < minConfidence {
		r := careerpath.Relevance{Level: careerpath.RelevanceNone, Confidence: top.Probability}
		switch {
		case len(res.Words) == 0:
			r.Reasons = []string{"The program name does not name a field of study, only a degree."}
		case res.Readable < 0.5:
			r.Reasons = []string{reasons.text(reasonUnknownWords, "", "", res.Readable*100)}
		default:
			r.Reasons = []string{reasons.text(reasonUnclear, top.Title, "", top.Probability*100)}
		}
		return r
	}
	// A model fills Result.Degree with DegreeOf; only an unknown level
	// is worth reading again (a model that does not fill it).
	d := res.Degree
	if d == DegreeUnknown {
		d = DegreeOf(e.Degree, e.Program)
	}
	award := awardLevel(d, e.Degree, e.Program)
	conc := ""
	if c := res.Concentration; c != nil && c.Prediction.Probability >= minConfidence {
		conc = c.Prediction.CIP
	}
	r := reasons.of(rel, career, top.CIP, conc, award)
	r.Confidence = top.Probability
	out := make([]string, 1, 1+len(r.Reasons))
	out[0] = reasons.text(reasonPredicted, top.Title, top.CIP, top.Probability*100)
	r.Reasons = append(out, r.Reasons...)
	return r
}

// LabelledEntry is an entry of the evaluation set with its label.
type LabelledEntry struct {
	Entry
	Label string `json:"label"`
}

// ReadLabelled reads labelled entries, one JSON object a line.
func ReadLabelled(r io.Reader) ([]LabelledEntry, error) {
	var out []LabelledEntry
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e LabelledEntry
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, careerpath.Errorf(careerpath.EINVALID, "line %d: %v", n, err)
		}
		switch e.Label {
		case careerpath.RelevanceStrong, careerpath.RelevanceRelated, careerpath.RelevanceNone:
		default:
			return nil, careerpath.Errorf(careerpath.EINVALID, "line %d: label %q, want strong, related or none", n, e.Label)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// Levels are the relevance levels in report order.
var Levels = []string{careerpath.RelevanceStrong, careerpath.RelevanceRelated, careerpath.RelevanceNone}

// ClassReport is precision and recall of one level.
type ClassReport struct {
	Level     string  `json:"level"`
	Support   int     `json:"support"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Outcome is one evaluated entry.
type Outcome struct {
	LabelledEntry
	Got        string  `json:"got"`
	CIP        string  `json:"cip"`
	Title      string  `json:"cip_title"`
	Confidence float64 `json:"confidence"`
}

// Report is the evaluation of a model on labelled entries for a career.
type Report struct {
	Career   string        `json:"career"`
	Model    string        `json:"model"`
	N        int           `json:"n"`
	Accuracy float64       `json:"accuracy"`
	MacroF1  float64       `json:"macro_f1"`
	Classes  []ClassReport `json:"classes"`
	// Confusion[i][j] counts entries labelled Levels[i] and classified
	// Levels[j].
	Confusion [3][3]int `json:"confusion"`
	// NoneShown is the share of none entries classified strong or
	// related: how often the finder would show an unrelated program.
	NoneShown float64 `json:"none_shown"`
	// NoPrediction counts the entries whose field of study the model could
	// not read with minConfidence: none, with a reason saying so (a
	// catalog import holds them for review).
	NoPrediction int       `json:"no_prediction"`
	Outcomes     []Outcome `json:"outcomes"`
}

// Class returns the report of one level.
func (r *Report) Class(level string) ClassReport {
	for _, c := range r.Classes {
		if c.Level == level {
			return c
		}
	}
	return ClassReport{Level: level}
}

// Evaluate classifies every entry for the career and compares the levels
// with the labels.
func Evaluate(rel *relevance.Rule, career string, m Model, entries []LabelledEntry, minConfidence float64) *Report {
	rep := &Report{Career: career, Model: m.Version(), N: len(entries)}
	idx := map[string]int{}
	for i, l := range Levels {
		idx[l] = i
	}
	correct := 0
	for _, e := range entries {
		r, res := Assess(rel, career, m, e.Entry, minConfidence)
		o := Outcome{LabelledEntry: e, Got: r.Level, Confidence: r.Confidence}
		if top, ok := res.Top(); ok {
			o.CIP, o.Title = top.CIP, top.Title
		}
		if top, _ := res.Top(); top.Probability < minConfidence {
			rep.NoPrediction++
		}
		rep.Outcomes = append(rep.Outcomes, o)
		rep.Confusion[idx[e.Label]][idx[r.Level]]++
		if e.Label == r.Level {
			correct++
		}
	}
	if rep.N > 0 {
		rep.Accuracy = float64(correct) / float64(rep.N)
	}
	for i, l := range Levels {
		tp := rep.Confusion[i][i]
		var predicted, actual int
		for j := range Levels {
			predicted += rep.Confusion[j][i]
			actual += rep.Confusion[i][j]
		}
		c := ClassReport{Level: l, Support: actual}
		if predicted > 0 {
			c.Precision = float64(tp) / float64(predicted)
		}
		if actual > 0 {
			c.Recall = float64(tp) / float64(actual)
		}
		if c.Precision+c.Recall > 0 {
			c.F1 = 2 * c.Precision * c.Recall / (c.Precision + c.Recall)
		}
		rep.Classes = append(rep.Classes, c)
		rep.MacroF1 += c.F1 / float64(len(Levels))
	}
	none := idx[careerpath.RelevanceNone]
	if n := rep.Class(careerpath.RelevanceNone).Support; n > 0 {
		rep.NoneShown = float64(rep.Confusion[none][0]+rep.Confusion[none][1]) / float64(n)
	}
	return rep
}

// String prints the report as a table.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "career %s, model %s, %d entries\n", r.Career, r.Model, r.N)
	fmt.Fprintf(&b, "accuracy %.3f  macro-F1 %.3f  none shown as strong/related %.1f%%  no prediction %d\n\n", r.Accuracy, r.MacroF1, r.NoneShown*100, r.NoPrediction)
	fmt.Fprintf(&b, "%-8s %7s %9s %6s %6s\n", "level", "support", "precision", "recall", "F1")
	for _, c := range r.Classes {
		fmt.Fprintf(&b, "%-8s %7d %9.3f %6.3f %6.3f\n", c.Level, c.Support, c.Precision, c.Recall, c.F1)
	}
	fmt.Fprintf(&b, "\nconfusion (rows: label, columns: classified)\n%-8s", "")
	for _, l := range Levels {
		fmt.Fprintf(&b, " %7s", l)
	}
	b.WriteString("\n")
	for i, l := range Levels {
		fmt.Fprintf(&b, "%-8s", l)
		for j := range Levels {
			fmt.Fprintf(&b, " %7d", r.Confusion[i][j])
		}
		b.WriteString("\n")
	}
	var miss []string
	for _, o := range r.Outcomes {
		if o.Got != o.Label {
			miss = append(miss, fmt.Sprintf("  %-7s → %-7s %s (%s): %s %s %.2f", o.Label, o.Got, o.Program, o.Degree, o.CIP, o.Title, o.Confidence))
		}
	}
	if len(miss) > 0 {
		b.WriteString("\nerrors\n" + strings.Join(miss, "\n") + "\n")
	}
	return b.String()
}
