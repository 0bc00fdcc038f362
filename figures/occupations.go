package figures

import (
	"fmt"
	"slices"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// TasksPerOccupation is how many tasks TopTasks shows for each
// occupation.
const TasksPerOccupation = 5

// mainCode returns the O*NET code that stands for a SOC code: the one
// ending in ".00" (the occupation itself, not a specialty such as Business
// Intelligence Analysts under 15-2051), or the lowest code under the SOC
// code when there is no ".00" one; "" if codes has none under soc.
func mainCode(soc string, codes []string) string {
	best := ""
	for _, c := range codes {
		if !strings.HasPrefix(c, soc) {
			continue
		}
		if c == soc+".00" {
			return c
		}
		if best == "" || c < best {
			best = c
		}
	}
	return best
}

// TopTasks returns the first n tasks of the O*NET occupation code: its
// Core tasks where O*NET has rated the tasks (Core or Supplemental), and
// otherwise its unrated tasks, in O*NET task-ID order. The O*NET release
// the site bundles has no task importance ratings, so the order is O*NET's
// own and not a ranking.
func TopTasks(code string, tasks []Task, n int) []string {
	var core, unrated []Task
	for _, t := range tasks {
		switch {
		case t.Code != code:
		case t.Type == "Core":
			core = append(core, t)
		case t.Type == "":
			unrated = append(unrated, t)
		}
	}
	pick := core
	if len(pick) == 0 {
		pick = unrated
	}
	slices.SortFunc(pick, func(a, b Task) int { return a.ID - b.ID })
	var out []string
	for _, t := range pick[:min(n, len(pick))] {
		out = append(out, t.Text)
	}
	return out
}

// blendRows returns the rows of the career's SOC codes.
func blendRows[T any](c *careerpath.Career, by map[string][]T) []T {
	var out []T
	for _, o := range c.Occupations {
		out = append(out, by[o.SOC]...)
	}
	return out
}

func (d *data) topTasks(c *careerpath.Career) *careerpath.TaskList {
	var codes []string
	titles := map[string]string{}
	tasks := blendRows(c, d.tasksBySOC)
	for _, t := range tasks {
		if _, ok := titles[t.Code]; !ok {
			codes = append(codes, t.Code)
			titles[t.Code] = t.Title
		}
	}
	l := &careerpath.TaskList{}
	var names []string
	for _, o := range highestWeight(c) {
		code := mainCode(o.SOC, codes)
		if code == "" {
			continue
		}
		tasks := TopTasks(code, tasks, TasksPerOccupation)
		l.Occupations = append(l.Occupations, careerpath.OccupationTasks{Code: code, Title: titles[code], Tasks: tasks})
		names = append(names, fmt.Sprintf("%s (%s)", titles[code], code))
	}
	if len(l.Occupations) == 0 {
		return nil
	}
	l.Provenance = d.provenance(opendata.DatasetONET, fmt.Sprintf(
		"Up to %d tasks of %s, the highest-weight part of the career's blend: the tasks O*NET rates Core, or all its tasks where O*NET has not rated them yet, in O*NET's order (O*NET task ID), not ranked by importance.",
		TasksPerOccupation, strings.Join(names, " and ")))
	return l
}

// fact builds a Fact from the value of each occupation of the blend: Value
// is the first highest-weight occupation's.
func fact(c *careerpath.Career, value func(soc string) (careerpath.OccupationValue, bool)) *careerpath.Fact {
	f := &careerpath.Fact{}
	top := highestWeight(c)[0].SOC
	for _, o := range c.Occupations {
		v, ok := value(o.SOC)
		if !ok {
			continue
		}
		v.SOC, v.Weight = o.SOC, o.Weight
		f.Occupations = append(f.Occupations, v)
		if o.SOC == top {
			f.Value, f.Level = v.Value, v.Level
		}
	}
	if f.Value == "" {
		return nil
	}
	return f
}

func (d *data) entryEducation(c *careerpath.Career) *careerpath.Fact {
	f := fact(c, func(soc string) (careerpath.OccupationValue, bool) {
		p, ok := d.projections[soc]
		return careerpath.OccupationValue{Title: p.Title, Value: p.Education}, ok && p.Education != ""
	})
	if f == nil {
		return nil
	}
	f.Provenance = d.provenance(opendata.DatasetProjections, fmt.Sprintf(
		"The education BLS says is typically needed to enter %s, the highest-weight occupation of the career's blend; the other occupations' are listed beside it.",
		d.socTitle(highestWeight(c)[0].SOC)))
	if len(c.Occupations) == 1 {
		f.Method = "The education BLS says is typically needed to enter the occupation."
	}
	return f
}

func (d *data) jobZone(c *careerpath.Career) *careerpath.Fact {
	f := fact(c, func(soc string) (careerpath.OccupationValue, bool) {
		var codes []string
		for _, z := range d.zonesBySOC[soc] {
			codes = append(codes, z.Code)
		}
		code := mainCode(soc, codes)
		for _, z := range d.zonesBySOC[soc] {
			if z.Code == code {
				return careerpath.OccupationValue{Title: z.Title, Value: z.Name, Level: z.Zone}, true
			}
		}
		return careerpath.OccupationValue{}, false
	})
	if f == nil {
		return nil
	}
	f.Provenance = d.provenance(opendata.DatasetONET,
		"O*NET's job zone (1 to 5: how much education, experience and training the work needs) of the highest-weight occupation of the career's blend, "+
			"taken from its main O*NET occupation (the code ending in .00); the other occupations' zones are listed beside it.")
	return f
}

// description is O*NET's description of each occupation of the blend,
// from its main O*NET occupation; Value is the highest-weight one's.
func (d *data) description(c *careerpath.Career) *careerpath.Fact {
	var codes []string
	for code := range d.about {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	f := fact(c, func(soc string) (careerpath.OccupationValue, bool) {
		a, ok := d.about[mainCode(soc, codes)]
		return careerpath.OccupationValue{Title: a.Title, Value: a.Text}, ok && a.Text != ""
	})
	if f == nil {
		return nil
	}
	f.Provenance = d.provenance(opendata.DatasetONET, "O*NET's description of the occupation (its main O*NET occupation, the code ending in .00).")
	return f
}
