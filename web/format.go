package web

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/yuin/goldmark"

	careerpath "github.com/careerpath/careerpath"
)

// markdown renders editorial Markdown. Raw HTML in the source is not
// passed through (goldmark's default), so the result is safe to embed.
func markdown(src string) (template.HTML, error) {
	var b bytes.Buffer
	if err := goldmark.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// usd formats whole dollars: 194000 → "$194,000".
func usd(v float64) string { return "$" + thousands(int(math.Round(v))) }

// usdK formats dollars in thousands: 194000 → "$194K".
func usdK(v float64) string { return fmt.Sprintf("$%dK", int(math.Round(v/1000))) }

// signedPct formats a percent change: 33.5 → "+33.5%".
func signedPct(v float64) string { return fmt.Sprintf("%+.1f%%", v) }

// share formats a fraction as a percent: 0.183 → "18%".
func share(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }

// stat formats a Stat's value by its unit.
func stat(s *careerpath.Stat) string {
	if s == nil {
		return "not enough data"
	}
	prefix := ""
	if s.AtLeast {
		prefix = "≥ "
	}
	switch s.Unit {
	case careerpath.UnitUSD:
		return prefix + usd(s.Value)
	case careerpath.UnitPercent:
		return prefix + signedPct(s.Value)
	case careerpath.UnitRank:
		return fmt.Sprintf("#%d", int(s.Value))
	case careerpath.UnitJobs:
		return prefix + thousands(int(math.Round(s.Value)))
	}
	return prefix + fmt.Sprint(s.Value)
}

// sourceLine is the one-line citation of a figure, for hovers.
func sourceLine(p careerpath.Provenance) string {
	return strings.TrimSpace(p.SourceTitle + ", " + p.AsOf)
}

// levelName names a survey experience level.
func levelName(code string) string {
	switch code {
	case careerpath.LevelEntry:
		return "Entry level"
	case careerpath.LevelMid:
		return "Mid level"
	case careerpath.LevelSenior:
		return "Senior"
	case careerpath.LevelExecutive:
		return "Executive"
	}
	return code
}
