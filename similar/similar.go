// Package similar finds occupations that need similar skills and
// knowledge, and what someone coming from one occupation would have to
// learn for another: from O*NET's importance ratings of its 35 skills and
// 33 knowledge areas.
//
// Each occupation is a vector of the importance (1 to 5) of every element,
// taken from its main O*NET occupation (the code ending in .00). Two
// occupations are compared by the cosine of their vectors after
// subtracting, element by element, the mean importance over all
// occupations: raw importance vectors all point the same way (every job
// rates Speaking and Active Listening important), so their cosines are
// all close to 1 and rank poorly; centred, the cosine compares what sets
// each job apart from the average job. A career blending several
// occupations is the weighted mean of their vectors.
package similar

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// Rating is one O*NET importance rating.
type Rating struct {
	Kind       string // "skill" or "knowledge"
	Code       string // O*NET-SOC, "15-2051.00"
	SOC        string
	Element    string // element ID, "2.A.1.a"
	Name       string // "Reading Comprehension"
	Importance float64
}

// Element is one skill or knowledge area of the vectors.
type Element struct {
	Kind, ID, Name string
}

// Index holds the vector of every occupation O*NET rates.
type Index struct {
	Elements []Element
	bySOC    map[string][]float64 // importance by element, of the main O*NET occupation
	imputed  map[string][]string  // SOC code → the rated ones its vector comes from
	mean     []float64
	std      []float64
	socs     []string
}

// ImputeFrom is how many rated occupations an unrated one borrows its
// vector from (see New).
const ImputeFrom = 5

// New builds the index from ratings. Each SOC code takes the ratings of
// its ".00" code, or of its lowest code where there is none; an element
// it lacks a rating for counts at the mean. O*NET has not rated every
// occupation yet (Software Developers and Data Scientists have no
// ratings in O*NET 29.3): a SOC code in tech (its technology names) with
// no rating takes the mean vector of the ImputeFrom rated ones whose
// technology lists are most alike (Jaccard index of the names), and is
// marked Imputed.
func New(ratings []Rating, tech map[string][]string) *Index {
	ix := &Index{bySOC: map[string][]float64{}, imputed: map[string][]string{}}
	at := map[string]int{}
	codeOf := map[string]string{}
	for _, r := range ratings {
		k := r.Kind + "\x00" + r.Element
		if _, ok := at[k]; !ok {
			at[k] = len(ix.Elements)
			ix.Elements = append(ix.Elements, Element{Kind: r.Kind, ID: r.Element, Name: r.Name})
		}
		if c, ok := codeOf[r.SOC]; !ok || r.Code == r.SOC+".00" || c != r.SOC+".00" && r.Code < c {
			codeOf[r.SOC] = r.Code
		}
	}
	n := len(ix.Elements)
	count := make([]float64, n)
	ix.mean = make([]float64, n)
	for _, r := range ratings {
		if codeOf[r.SOC] != r.Code {
			continue
		}
		v := ix.bySOC[r.SOC]
		if v == nil {
			v = make([]float64, n)
			for i := range v {
				v[i] = math.NaN()
			}
			ix.bySOC[r.SOC] = v
		}
		i := at[r.Kind+"\x00"+r.Element]
		v[i] = r.Importance
		ix.mean[i] += r.Importance
		count[i]++
	}
	for i := range ix.mean {
		if count[i] > 0 {
			ix.mean[i] /= count[i]
		}
	}
	for _, v := range ix.bySOC {
		for i := range v {
			if math.IsNaN(v[i]) {
				v[i] = ix.mean[i]
			}
		}
	}
	ix.impute(tech)
	ix.std = make([]float64, n)
	for soc, v := range ix.bySOC {
		for i := range v {
			ix.std[i] += (v[i] - ix.mean[i]) * (v[i] - ix.mean[i])
		}
		ix.socs = append(ix.socs, soc)
	}
	for i := range ix.std {
		ix.std[i] = math.Sqrt(ix.std[i] / float64(len(ix.socs)))
		if ix.std[i] == 0 {
			ix.std[i] = 1
		}
	}
	sort.Strings(ix.socs)
	return ix
}

func (ix *Index) impute(tech map[string][]string) {
	set := func(names []string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[strings.ToLower(n)] = true
		}
		return m
	}
	var rated []string
	sets := map[string]map[string]bool{}
	for soc, names := range tech {
		sets[soc] = set(names)
		if ix.bySOC[soc] != nil {
			rated = append(rated, soc)
		}
	}
	sort.Strings(rated)
	jaccard := func(a, b map[string]bool) float64 {
		both := 0
		for k := range a {
			if b[k] {
				both++
			}
		}
		if u := len(a) + len(b) - both; u > 0 {
			return float64(both) / float64(u)
		}
		return 0
	}
	var unrated []string
	for soc := range tech {
		if ix.bySOC[soc] == nil {
			unrated = append(unrated, soc)
		}
	}
	sort.Strings(unrated)
	for _, soc := range unrated {
		type near struct {
			soc string
			j   float64
		}
		var ns []near
		for _, r := range rated {
			ns = append(ns, near{r, jaccard(sets[soc], sets[r])})
		}
		sort.SliceStable(ns, func(i, j int) bool { return ns[i].j > ns[j].j })
		ns = ns[:min(ImputeFrom, len(ns))]
		if len(ns) == 0 || ns[0].j == 0 {
			continue
		}
		v := make([]float64, len(ix.Elements))
		for _, x := range ns {
			for i, y := range ix.bySOC[x.soc] {
				v[i] += y / float64(len(ns))
			}
			ix.imputed[soc] = append(ix.imputed[soc], x.soc)
		}
		ix.bySOC[soc] = v
	}
}

// Imputed returns the rated SOC codes an unrated one's vector is the mean
// of, nil for a rated one.
func (ix *Index) Imputed(soc string) []string { return ix.imputed[soc] }

// Has reports whether the index has a vector for the SOC code, rated or
// imputed.
func (ix *Index) Has(soc string) bool { _, ok := ix.bySOC[soc]; return ok }

// Weighted is an occupation with its weight in a blend.
type Weighted struct {
	SOC    string
	Weight float64
}

// Vector returns the importance vector of a blend: the weighted mean of
// its rated occupations' vectors (weights re-scaled over those); nil if
// none is rated.
func (ix *Index) Vector(blend []Weighted) []float64 {
	var out []float64
	var wsum float64
	for _, b := range blend {
		v := ix.bySOC[b.SOC]
		if v == nil {
			continue
		}
		if out == nil {
			out = make([]float64, len(v))
		}
		for i := range v {
			out[i] += b.Weight * v[i]
		}
		wsum += b.Weight
	}
	for i := range out {
		out[i] /= wsum
	}
	return out
}

// Cosine is the cosine of a and b centred on the all-occupation mean; 0
// when either is the mean itself.
func (ix *Index) Cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		x, y := (a[i]-ix.mean[i])/ix.std[i], (b[i]-ix.mean[i])/ix.std[i]
		ab += x * y
		aa += x * x
		bb += y * y
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

// Neighbour is an occupation and its similarity to a vector.
type Neighbour struct {
	SOC        string
	Similarity float64
}

// Nearest returns the k occupations most similar to v, most similar
// first, leaving out the SOC codes in exclude.
func (ix *Index) Nearest(v []float64, k int, exclude ...string) []Neighbour {
	var out []Neighbour
	for _, soc := range ix.socs {
		if slices.Contains(exclude, soc) {
			continue
		}
		out = append(out, Neighbour{SOC: soc, Similarity: ix.Cosine(v, ix.bySOC[soc])})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Similarity > out[j].Similarity })
	return out[:min(k, len(out))]
}

// Gap is one skill or knowledge area and its importance for two jobs.
type Gap struct {
	Element
	From, To float64 // importance, 1 to 5
}

// Gaps returns the elements that matter more for the target (to) than
// for the origin (from), the largest difference first, at most k.
func (ix *Index) Gaps(from, to []float64, k int) []Gap {
	var out []Gap
	for i, e := range ix.Elements {
		if to[i] > from[i] {
			out = append(out, Gap{Element: e, From: from[i], To: to[i]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := out[i].To-out[i].From, out[j].To-out[j].From
		if di != dj {
			return di > dj
		}
		return strings.Compare(out[i].Name, out[j].Name) < 0
	})
	return out[:min(k, len(out))]
}

// Anchor names a point of O*NET's importance scale: 1 not important, 2
// somewhat important, 3 important, 4 very important, 5 extremely
// important (the anchors of O*NET's Importance scale, IM). A value is
// named by the anchor it rounds to.
func Anchor(importance float64) string {
	anchors := [...]string{"not important", "somewhat important", "important", "very important", "extremely important"}
	i := int(math.Round(importance)) - 1
	return anchors[max(0, min(i, len(anchors)-1))]
}

// Rated is one element of a vector with its importance and the mean
// importance over all occupations.
type Rated struct {
	Element
	Importance, Mean float64
}

// Distinctive returns the elements of v rated at least important (3)
// that stand out most above their all-occupation mean, at most k: what
// the job needs more than most jobs do.
func (ix *Index) Distinctive(v []float64, k int) []Rated {
	var out []Rated
	for i, e := range ix.Elements {
		if v[i] >= 3 && v[i] > ix.mean[i] {
			out = append(out, Rated{Element: e, Importance: v[i], Mean: ix.mean[i]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := (out[i].Importance-out[i].Mean)/ix.std[ix.at(out[i].Element)], (out[j].Importance-out[j].Mean)/ix.std[ix.at(out[j].Element)]
		return di > dj
	})
	return out[:min(k, len(out))]
}

func (ix *Index) at(e Element) int {
	return slices.IndexFunc(ix.Elements, func(x Element) bool { return x == e })
}
