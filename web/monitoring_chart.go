package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/careerpath/careerpath/monitor"
)

// modelCharts is one model version on the monitoring page.
type modelCharts struct {
	monitor.ModelState
	Charts []featureChart
}

// featureChart is one monitored feature of a model version: its charts
// and the numbers behind them (the text alternative).
type featureChart struct {
	monitor.FeatureState
	BarsSVG    template.HTML
	HistorySVG template.HTML
	Rows       []binRow
}

type binRow struct {
	Label, Reference, Current string
}

func driftCharts(s *monitor.Snapshot) []modelCharts {
	out := make([]modelCharts, 0, len(s.Models))
	for _, m := range s.Models {
		mc := modelCharts{ModelState: m}
		for _, f := range m.Features {
			id := svgID(m.Version + "-" + f.Feature)
			fc := featureChart{FeatureState: f,
				BarsSVG:    barsChart(id+"-bars", fmt.Sprintf("%s of model %s: reference and last window", featureTitle(f.Feature), m.Version), f.Labels, f.Reference, f.Current),
				HistorySVG: historyChart(id+"-history", fmt.Sprintf("%s of model %s: PSI and Jensen–Shannon distance per window", featureTitle(f.Feature), m.Version), f.History, s.Thresholds.PSIWarn, s.Thresholds.PSIAlert, s.Thresholds.Distance),
			}
			for i, l := range f.Labels {
				row := binRow{Label: l, Reference: pct(f.Reference, i), Current: pct(f.Current, i)}
				fc.Rows = append(fc.Rows, row)
			}
			mc.Charts = append(mc.Charts, fc)
		}
		out = append(out, mc)
	}
	return out
}

func pct(p []float64, i int) string {
	if i >= len(p) {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", p[i]*100)
}

// featureTitle names a feature for people.
func featureTitle(f string) string {
	switch f {
	case monitor.FeatureConfidence:
		return "Confidence"
	case monitor.FeatureFamily:
		return "Predicted field family"
	case monitor.FeatureLength:
		return "Program name length"
	case monitor.FeatureUnknown:
		return "Share of unknown words"
	}
	return f
}

// svgID turns s into a string safe as an XML id.
func svgID(s string) string {
	return "c-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}

const (
	colorReference = "#4a6fa5"
	colorCurrent   = "#c25e00"
)

// barsChart draws the reference and current bin shares side by side. The
// SVG has a title and a description for screen readers; the page shows
// the same numbers in a table.
func barsChart(id, title string, labels []string, ref, cur []float64) template.HTML {
	if len(labels) == 0 {
		return ""
	}
	const (
		width, height = 640, 230
		left, right   = 40, 10
		top, bottom   = 20, 70
	)
	hi := 0.0
	for _, v := range append(append([]float64{}, ref...), cur...) {
		hi = math.Max(hi, v)
	}
	if hi == 0 {
		hi = 1
	}
	hi = math.Ceil(hi*10) / 10
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	slot := plotW / float64(len(labels))
	bw := math.Max(1, slot*0.4)
	y := func(v float64) float64 { return float64(top) + plotH*(1-v/hi) }
	var b strings.Builder
	desc := "Bars: reference share in blue"
	if cur != nil {
		desc += ", last window in orange"
	} else {
		desc += "; no closed window yet"
	}
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t %s-d"><title id="%s-t">%s</title><desc id="%s-d">%s. The table below gives every share.</desc>`,
		width, height, id, id, id, template.HTMLEscapeString(title), id, desc)
	for _, t := range []float64{0, hi / 2, hi} {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" font-size="10" text-anchor="end">%.0f%%</text>`,
			left, width-right, y(t), y(t), left-4, y(t)+3, t*100)
	}
	for i, l := range labels {
		x := float64(left) + slot*float64(i) + slot/2
		if i < len(ref) {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s reference %.1f%%</title></rect>`,
				x-bw, y(ref[i]), bw, float64(top)+plotH-y(ref[i]), colorReference, template.HTMLEscapeString(l), ref[i]*100)
		}
		if i < len(cur) {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s last window %.1f%%</title></rect>`,
				x, y(cur[i]), bw, float64(top)+plotH-y(cur[i]), colorCurrent, template.HTMLEscapeString(l), cur[i]*100)
		}
		fmt.Fprintf(&b, `<text font-size="9" text-anchor="end" transform="translate(%.1f %d) rotate(-50)">%s</text>`, x+3, height-bottom+12, template.HTMLEscapeString(l))
	}
	fmt.Fprintf(&b, `<rect x="%d" y="4" width="10" height="10" fill="%s"/><text x="%d" y="13" font-size="11">reference</text><rect x="%d" y="4" width="10" height="10" fill="%s"/><text x="%d" y="13" font-size="11">last window</text></svg>`,
		left, colorReference, left+14, left+90, colorCurrent, left+104)
	return template.HTML(b.String())
}

// historyChart draws PSI (solid) and Jensen–Shannon distance (dashed)
// over the recent windows with the thresholds as horizontal lines.
func historyChart(id, title string, pts []monitor.HistoryPoint, psiWarn, psiAlert, distance float64) template.HTML {
	const (
		width, height = 640, 180
		left, right   = 40, 90
		top, bottom   = 10, 25
	)
	hi := math.Max(psiAlert*1.2, distance*1.2)
	for _, p := range pts {
		hi = math.Max(hi, math.Max(p.PSI, p.JS)*1.1)
	}
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	y := func(v float64) float64 { return float64(top) + plotH*(1-math.Max(0, v)/hi) }
	x := func(i int) float64 {
		if len(pts) < 2 {
			return float64(left) + plotW/2
		}
		return float64(left) + plotW*float64(i)/float64(len(pts)-1)
	}
	var b strings.Builder
	desc := fmt.Sprintf("%d windows. Lines at PSI %g (warn) and %g (alert); Jensen–Shannon distance drifts at %g.", len(pts), psiWarn, psiAlert, distance)
	if len(pts) > 0 {
		last := pts[len(pts)-1]
		desc += fmt.Sprintf(" Last window: PSI %.3f, JS distance %.3f, %s.", last.PSI, last.JS, last.Status)
	}
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t %s-d"><title id="%s-t">%s</title><desc id="%s-d">%s</desc>`,
		width, height, id, id, id, template.HTMLEscapeString(title), id, template.HTMLEscapeString(desc))
	for _, t := range []struct {
		v     float64
		label string
		color string
	}{{psiWarn, fmt.Sprintf("warn %g", psiWarn), "#b8860b"}, {psiAlert, fmt.Sprintf("alert %g", psiAlert), "#b00020"}} {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" stroke-dasharray="2 3"/><text x="%d" y="%.1f" font-size="10" fill="%s">%s</text>`,
			left, width-right, y(t.v), y(t.v), t.color, width-right+4, y(t.v)+3, t.color, t.label)
	}
	fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#999"/>`, left, width-right, top+int(plotH), top+int(plotH))
	fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="10" text-anchor="end">0</text><text x="%d" y="%.1f" font-size="10" text-anchor="end">%.2f</text>`, left-4, y(0)+3, left-4, y(hi)+8, hi)
	if len(pts) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12">No closed window yet.</text>`, left+10, top+30)
	}
	line := func(val func(monitor.HistoryPoint) float64, color, dash string) {
		if len(pts) == 0 {
			return
		}
		var d strings.Builder
		for i, p := range pts {
			fmt.Fprintf(&d, "%.1f,%.1f ", x(i), y(val(p)))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`, strings.TrimSpace(d.String()), color, dash)
	}
	line(func(p monitor.HistoryPoint) float64 { return p.PSI }, colorReference, "")
	line(func(p monitor.HistoryPoint) float64 { return p.JS }, colorCurrent, "5 3")
	for i, p := range pts {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s: PSI %.3f, JS %.3f, n %d, %s</title></circle>`,
			x(i), y(p.PSI), colorReference, p.End.Format("2006-01-02 15:04:05Z"), p.PSI, p.JS, p.N, p.Status)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="%s">— PSI</text><text x="%d" y="%d" font-size="11" fill="%s">- - JS distance</text></svg>`,
		left, height-6, colorReference, left+70, height-6, colorCurrent)
	return template.HTML(b.String())
}
