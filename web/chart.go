package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// payRow is one row of the pay chart: a label and a distribution.
type payRow struct {
	Label string
	P     *careerpath.Percentiles
	N     *int
}

// payChart draws pay distributions as horizontal box plots in SVG: a line
// from the 10th to the 90th percentile, a box from the 25th to the 75th,
// and a mark at the median. Every text is escaped; the chart carries a
// title and description for screen readers, and the page shows the same
// numbers in a table.
func payChart(title string, rows []payRow) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	const (
		width  = 640
		labelW = 150
		rowH   = 44
		top    = 10
		axisH  = 30
		right  = 20
	)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		v := r.P.Values()
		lo, hi = math.Min(lo, v[0]), math.Max(hi, v[4])
	}
	step := 50000.0
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	if hi <= lo {
		hi = lo + step
	}
	x := func(v float64) float64 { return labelW + (v-lo)/(hi-lo)*(width-labelW-right) }
	height := top + len(rows)*rowH + axisH

	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">`, width, height)
	fmt.Fprintf(&b, `<title id="chart-title">%s</title>`, esc(title))
	var desc []string
	for _, r := range rows {
		v := r.P.Values()
		desc = append(desc, fmt.Sprintf("%s: median %s, middle half %s to %s, 10th to 90th percentile %s to %s", r.Label, usd(v[2]), usd(v[1]), usd(v[3]), usd(v[0]), usd(v[4])))
	}
	fmt.Fprintf(&b, `<desc id="chart-desc">%s.</desc>`, esc(strings.Join(desc, "; ")))
	for t := lo; t <= hi+1; t += step {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" class="grid"/>`, x(t), x(t), top, top+len(rows)*rowH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="tick" text-anchor="middle">%s</text>`, x(t), top+len(rows)*rowH+18, esc(usdK(t)))
	}
	for i, r := range rows {
		v := r.P.Values()
		y := float64(top + i*rowH + rowH/2)
		fmt.Fprintf(&b, `<text x="0" y="%.1f" class="label" dominant-baseline="middle">%s</text>`, y, esc(r.Label))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="whisker"/>`, x(v[0]), x(v[4]), y, y)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="18" class="box"/>`, x(v[1]), y-9, math.Max(x(v[3])-x(v[1]), 1))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="median"/>`, x(v[2]), x(v[2]), y-12, y+12)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
