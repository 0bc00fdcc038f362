// Package search is the program finder's in-memory index: every program of
// the catalog in columnar arrays, the relevance of every program to every
// career computed once at build, an inverted index over the words of
// program and institution names, and a query that counts every facet in
// one pass over the candidates.
//
// # Catalog programs
//
// Programs of provider catalogs (Institution.UnitID 0) take part like
// IPEDS programs. Each gets an institution of its own, made from the
// entry's institution name, city, region (as the state) and country, with
// control unknown and no location, so that the per-institution columns
// (delivery, tuition, country) can carry the entry's own facts: delivery
// from its format (Program.Online), tuition where stated in US dollars
// (Program.TuitionUSD), its country. A degree the catalog parser did not
// recognise (award careerpath.AwardUnknown) counts in an award bucket of
// its own, and its duration is unknown unless the provider gives one; a
// provider's duration is always the program's own (Program.Duration). The
// relevance comes from the same model, through the entry's CIP code, with
// the confidence of a predicted code and the concentration the entry's
// name gives (relevance.Rule.OfProgram): a program's class for relevance
// is its CIP code, award level and concentration.
//
// An Index is immutable once built. Service holds the current one behind
// an atomic pointer, so a rebuild after an import swaps it in without
// stopping queries.
//
// # How a query runs
//
// The candidates are the smallest of: the career's strong and related
// programs (precomputed, see careerIndex), the programs holding every
// word of the free-text query (intersection of posting lists), the
// programs of the institutions within the radius; the other two, and the
// country, are checked per candidate. For each candidate a bit mask says
// which facet filters (award, delivery, state, control, duration,
// tuition, earnings, completers, relevance, country) it fails. A
// candidate failing none counts in the total and in every facet and is
// offered to the page; one failing exactly one filter counts only in that
// filter's facet, which is "counted with all other filters applied"; one
// failing two or more counts nowhere. Facet codes are packed into one
// uint64 per program, and most filters are table lookups on them
// (quickMask).
//
// A career query, the common case, reads only its career's dense columns,
// block by block: a block of programs sharing level, award, delivery and
// control passes or fails those filters as a whole, is skipped unread
// when it fails two, and has its other filters evaluated a column at a
// time over chunks of candidates (careerPass).
package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// Facet bits, in the order of facetNames.
const (
	fRelevance = iota
	fAward
	fDelivery
	fState
	fControl
	fDuration
	fTuition
	fEarnings
	fCompleters
	fCountry
	numFacets
)

var facetNames = [numFacets]string{careerpath.FacetRelevance, careerpath.FacetAward, careerpath.FacetDelivery,
	careerpath.FacetState, careerpath.FacetControl, careerpath.FacetDuration, careerpath.FacetTuition,
	careerpath.FacetEarnings, careerpath.FacetCompleters, careerpath.FacetCountry}

// qualityCeil codes a best-match quality, within [-1, 1], in 9 bits,
// rounded up: qualityAbove(code) is never below it.
func qualityCeil(q float64) uint64 {
	return uint64(min(max(math.Ceil((q+1)*255.5), 0), 511))
}

// qualityAbove returns the quality that the codes pk hold, at least the
// program's.
func qualityAbove(pk uint64) float64 {
	c := pk >> shQuality & 511
	if c == 511 {
		return math.Inf(1) // 1 or more
	}
	return float64(c)/255.5 - 1
}

// Layout of the packed facet codes of a program.
const (
	shAward      = 0  // 4 bits: index in careerpath.AwardLevels, awardUnknown for careerpath.AwardUnknown
	shDelivery   = 4  // 1 bit: 1 online
	shState      = 8  // 8 bits: index in Index.states
	shControl    = 16 // 2 bits
	shDuration   = 20 // 3 bits: bucket, len(DurationBuckets) for unknown
	shTuition    = 24 // 3 bits
	shEarnings   = 28 // 3 bits
	shCompleters = 32 // 3 bits
	shOwnDur     = 36 // 1 bit: the duration is the program's own (Index.dur), not its award level's
	shCountry    = 40 // 8 bits: index in Index.countries
	shLevel      = 48 // 2 bits: lvStrong or lvRelated in a careerIndex, 0 in Index.packed
	shTuitionIn  = 52 // 3 bits: the tuition bucket of the in-state figure (Index.tuitionIn)
	shQuality    = 55 // 9 bits: careerpath.BestMatchQuality rounded up (qualityAbove), for pruning
)

// awardUnknown is the award index of careerpath.AwardUnknown.
var awardUnknown = uint8(len(careerpath.AwardLevels))

// Index is an immutable in-memory index over a program catalog.
type Index struct {
	model *relevance.Rule

	// Columns, one entry per program, programs in ID order.
	ids        []int64
	inst       []uint32 // index in insts
	names      []string
	cip        []uint16  // index in cips
	award      []uint8   // index in careerpath.AwardLevels, or awardUnknown
	dur        []float64 // years (Program.Duration), NaN where unknown
	completers []int32   // -1 where unknown (catalog programs)
	earn1      []float64 // NaN where unknown
	earn4      []float64
	debt       []float64
	source     []uint8  // index in sources
	class      []uint16 // index in classes: (cip, award, concentration) triples, for relevance
	packed     []uint64 // facet codes
	nameKey    []float64
	quality    []float64 // careerpath.BestMatchQuality

	insts    []careerpath.Institution
	instDocs [][]uint32
	// tuition is what a student from another state pays for the program
	// (Program.TuitionFor("")), tuitionIn what a resident of the
	// institution's state pays; by program, NaN where not reported.
	tuition   []float64
	tuitionIn []float64
	zip       map[string]careerpath.GeoPoint
	states    []string
	countries []string
	cips      []string
	concs     []string // concentrations' CIP codes; concs[0] is "", none
	sources   []string
	classes   []class
	extras    map[uint32]*extra // catalog programs' own facts, by program

	careers  map[string]*careerIndex
	lazy     *lazyCareers // careers built on first request (lazy.go), nil for none
	postings map[string][]uint32
	text     textIndex    // see text.go
	suggest  suggestIndex // see suggest.go

	outcomes *lazyOutcomes // see outcomes.go; shared with WithOverrides' indexes

	// The editors' overrides this index applies, and the index without
	// them (override.go); nil for an index as Build made it.
	overrides *careerpath.Overrides
	base      *Index

	baseline *careerpath.Stat // of payback, nil for none (see cost.go)
}

type class struct {
	cip   uint16
	award uint8
	conc  uint16 // index in concs
}

// Len returns the number of programs in the index.
func (ix *Index) Len() int { return len(ix.ids) }

// Builder collects a catalog for Build. Add every institution before the
// programs that refer to it.
type Builder struct {
	model      *relevance.Rule
	insts      []careerpath.Institution
	instByID   map[int]uint32
	progs      []progRow
	cipIdx     map[string]uint16
	cips       []string
	concIdx    map[string]uint16
	concs      []string
	srcIdx     map[string]uint8
	sources    []string
	nameIntern map[string]string
	synth      map[uint32]*extra // catalog programs' own institutions
	zips       map[string]careerpath.GeoPoint
	baseline   *careerpath.Stat
	err        error
}

type progRow struct {
	id                 int64
	inst               uint32
	name               string
	cip                uint16
	award              uint8
	conc               uint16
	completers         int32
	earn1, earn4, debt float64
	source             uint8
	extra              *extra
}

// extra holds what a provider catalog says about one program.
type extra struct {
	degree        string // as the provider writes it, for a degree not recognised
	format        string
	dur           *float64
	tuition       *float64
	currency, url string
	cipSource     string
	confidence    float64
	online        bool
	tuitionUSD    float64 // NaN unless stated in USD
}

// NewBuilder starts an index whose relevance comes from model.
func NewBuilder(model *relevance.Rule) *Builder {
	return &Builder{model: model, instByID: map[int]uint32{}, cipIdx: map[string]uint16{}, concIdx: map[string]uint16{"": 0}, concs: []string{""},
		srcIdx: map[string]uint8{}, nameIntern: map[string]string{}}
}

// AddInstitution adds an institution.
func (b *Builder) AddInstitution(in careerpath.Institution) {
	if _, dup := b.instByID[in.UnitID]; dup {
		b.fail(fmt.Errorf("institution %d added twice", in.UnitID))
		return
	}
	b.instByID[in.UnitID] = uint32(len(b.insts))
	b.insts = append(b.insts, in)
}

// AddZIP adds the point of a ZIP code from the ZIP gazetteer: it places
// the ZIP code instead of the centroid of the institutions with that code.
func (b *Builder) AddZIP(zip string, pt careerpath.GeoPoint) {
	if b.zips == nil {
		b.zips = map[string]careerpath.GeoPoint{}
	}
	b.zips[zip] = pt
}

// AddProgram adds a program. Of an IPEDS program's Institution only
// UnitID is read, of its Award only Code. A program with UnitID 0 is a
// provider catalog's: its Institution's name, city, state and country, its
// award name and its catalog facts (Format, DurationYears, Tuition,
// TuitionCurrency, URL, CIPSource, CIPConfidence, ConcentrationCIP) are
// kept.
func (b *Builder) AddProgram(p *careerpath.Program) {
	var x *extra
	inst, ok := b.instByID[p.Institution.UnitID]
	if p.Institution.UnitID == 0 {
		// An institution of its own (see the package documentation).
		in := p.Institution
		inst, ok = uint32(len(b.insts)), true
		b.insts = append(b.insts, careerpath.Institution{Name: in.Name, City: in.City, State: in.State, Country: in.Country})
		x = &extra{degree: p.Award.Name, format: p.Format, dur: clonePtr(p.DurationYears), tuition: clonePtr(p.Tuition),
			currency: p.TuitionCurrency, url: p.URL, cipSource: p.CIPSource, confidence: p.CIPConfidence,
			online: p.Online(), tuitionUSD: math.NaN()}
		if t, ok := p.TuitionUSD(); ok {
			x.tuitionUSD = t
		}
		if b.synth == nil {
			b.synth = map[uint32]*extra{}
		}
		b.synth[inst] = x
	}
	if !ok {
		b.fail(fmt.Errorf("program %d: unknown institution %d", p.ID, p.Institution.UnitID))
		return
	}
	ci, ok := b.cipIdx[p.CIP]
	if !ok {
		if len(b.cips) == math.MaxUint16 {
			b.fail(fmt.Errorf("program %d: more than %d CIP codes", p.ID, math.MaxUint16))
			return
		}
		ci = uint16(len(b.cips))
		b.cipIdx[p.CIP] = ci
		b.cips = append(b.cips, p.CIP)
	}
	var conc uint16
	if x != nil {
		if conc, ok = b.concIdx[p.ConcentrationCIP]; !ok {
			if len(b.concs) == math.MaxUint16 {
				b.fail(fmt.Errorf("program %d: more than %d concentrations", p.ID, math.MaxUint16-1))
				return
			}
			conc = uint16(len(b.concs))
			b.concIdx[p.ConcentrationCIP] = conc
			b.concs = append(b.concs, p.ConcentrationCIP)
		}
	}
	ai := -1
	for i, l := range careerpath.AwardLevels {
		if l.Code == p.Award.Code {
			ai = i
		}
	}
	if p.Award.Code == careerpath.AwardUnknown && x != nil {
		ai = int(awardUnknown)
	}
	if ai < 0 {
		b.fail(fmt.Errorf("program %d: unknown award level %d", p.ID, p.Award.Code))
		return
	}
	si, ok := b.srcIdx[p.Source]
	if !ok {
		si = uint8(len(b.sources))
		b.srcIdx[p.Source] = si
		b.sources = append(b.sources, p.Source)
	}
	name, ok := b.nameIntern[p.Name]
	if !ok {
		name = p.Name
		b.nameIntern[name] = name
	}
	b.progs = append(b.progs, progRow{id: p.ID, inst: inst, name: name, cip: ci, award: uint8(ai), conc: conc, completers: int32(p.Completers),
		earn1: orNaN(p.Earnings1Yr), earn4: orNaN(p.Earnings4Yr), debt: orNaN(p.MeanDebt), source: si, extra: x})
	if x != nil {
		// Catalogs report no completers: unknown, not none.
		b.progs[len(b.progs)-1].completers = -1
	}
}

func clonePtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func (b *Builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

// Build returns the index of everything added.
func (b *Builder) Build() (*Index, error) {
	if b.err != nil {
		return nil, b.err
	}
	rows := b.progs
	slices.SortFunc(rows, func(x, y progRow) int {
		switch {
		case x.id < y.id:
			return -1
		case x.id > y.id:
			return 1
		}
		return 0
	})
	for i := 1; i < len(rows); i++ {
		if rows[i].id == rows[i-1].id {
			return nil, fmt.Errorf("program %d added twice", rows[i].id)
		}
	}
	n := len(rows)
	ix := &Index{
		model: b.model, insts: b.insts, cips: b.cips, concs: b.concs, sources: b.sources,
		ids: make([]int64, n), inst: make([]uint32, n), names: make([]string, n), cip: make([]uint16, n),
		award: make([]uint8, n), dur: make([]float64, n), extras: map[uint32]*extra{}, completers: make([]int32, n), earn1: make([]float64, n), earn4: make([]float64, n),
		tuition: make([]float64, n), tuitionIn: make([]float64, n),
		debt: make([]float64, n), source: make([]uint8, n), class: make([]uint16, n), packed: make([]uint64, n),
		nameKey: make([]float64, n), quality: make([]float64, n), careers: map[string]*careerIndex{}, postings: map[string][]uint32{},
		outcomes: &lazyOutcomes{}, baseline: b.baseline,
	}

	// Institutions: states, countries, tuition, online signal, ZIP centroids.
	stateIdx, countryIdx := map[string]int{}, map[string]int{}
	for _, in := range b.insts {
		stateIdx[in.State], countryIdx[in.Country] = 0, 0
	}
	ix.states, ix.countries = sortedKeys(stateIdx), sortedKeys(countryIdx)
	if len(ix.states) > 256 || len(ix.countries) > 256 {
		return nil, fmt.Errorf("%d states and %d countries: at most 256 each", len(ix.states), len(ix.countries))
	}
	for i, s := range ix.states {
		stateIdx[s] = i
	}
	for i, c := range ix.countries {
		countryIdx[c] = i
	}
	instCode := make([]uint64, len(b.insts))
	type sum struct {
		lat, lon float64
		n        int
	}
	zips := map[string]*sum{}
	for i, in := range b.insts {
		isOnline := careerpath.IsOnline(in.OnlineShare)
		if x := b.synth[uint32(i)]; x != nil {
			isOnline = x.online
		}
		var online uint64
		if isOnline {
			online = 1
		}
		instCode[i] = online<<shDelivery | uint64(stateIdx[in.State])<<shState | uint64(in.Control&3)<<shControl |
			uint64(countryIdx[in.Country])<<shCountry
		if z := careerpath.ZIP5(in.ZIP); z != "" && in.Latitude != nil && in.Longitude != nil {
			s := zips[z]
			if s == nil {
				s = &sum{}
				zips[z] = s
			}
			s.lat += *in.Latitude
			s.lon += *in.Longitude
			s.n++
		}
	}
	ix.zip = make(map[string]careerpath.GeoPoint, len(zips)+len(b.zips))
	for z, s := range zips {
		ix.zip[z] = careerpath.GeoPoint{Lat: s.lat / float64(s.n), Lon: s.lon / float64(s.n)}
	}
	for z, pt := range b.zips {
		ix.zip[z] = pt
	}

	// Sort key of names: rank of the program name, then of the institution
	// name, so that ties share a key and fall back to the program ID.
	nameRank := rankStrings(func(yield func(string)) {
		for _, r := range rows {
			yield(r.name)
		}
	})
	instRank := rankStrings(func(yield func(string)) {
		for _, in := range b.insts {
			yield(in.Name)
		}
	})
	numInst := float64(len(instRank) + 1)

	classIdx := map[class]uint16{}
	ix.instDocs = make([][]uint32, len(b.insts))
	tokCache := map[string][]string{}
	tokens := func(s string) []string {
		t, ok := tokCache[s]
		if !ok {
			t = careerpath.Tokenize(s)
			tokCache[s] = t
		}
		return t
	}
	var seen []string
	for d, r := range rows {
		ix.ids[d], ix.inst[d], ix.names[d], ix.cip[d], ix.award[d] = r.id, r.inst, r.name, r.cip, r.award
		ix.completers[d], ix.earn1[d], ix.earn4[d], ix.debt[d], ix.source[d] = r.completers, r.earn1, r.earn4, r.debt, r.source
		ix.instDocs[r.inst] = append(ix.instDocs[r.inst], uint32(d))
		c := class{r.cip, r.award, r.conc}
		ci, ok := classIdx[c]
		if !ok {
			if len(ix.classes) == math.MaxUint16 {
				return nil, fmt.Errorf("more than %d (CIP, award, concentration) classes", math.MaxUint16)
			}
			ci = uint16(len(ix.classes))
			classIdx[c] = ci
			ix.classes = append(ix.classes, c)
		}
		ix.class[d] = ci
		var own uint64
		ix.dur[d] = math.NaN()
		switch {
		case r.extra != nil && r.extra.dur != nil:
			ix.dur[d], own = *r.extra.dur, 1
		case r.award != awardUnknown:
			ix.dur[d] = careerpath.AwardLevels[r.award].TypicalYears
		}
		if r.extra != nil {
			ix.extras[uint32(d)] = r.extra
		}
		db := len(careerpath.DurationBuckets)
		if !math.IsNaN(ix.dur[d]) {
			db = careerpath.BucketOf(careerpath.DurationBuckets, ix.dur[d])
		}
		eb := len(careerpath.EarningsBuckets)
		if !math.IsNaN(r.earn1) {
			eb = careerpath.BucketOf(careerpath.EarningsBuckets, r.earn1)
		}
		cb := len(careerpath.CompletersBuckets)
		if r.completers >= 0 {
			cb = careerpath.BucketOf(careerpath.CompletersBuckets, float64(r.completers))
		}
		ix.tuition[d], ix.tuitionIn[d] = programTuition(&b.insts[r.inst], r)
		ix.packed[d] = instCode[r.inst] | uint64(r.award)<<shAward | own<<shOwnDur |
			uint64(db)<<shDuration | tuitionBucket(ix.tuition[d])<<shTuition | tuitionBucket(ix.tuitionIn[d])<<shTuitionIn |
			uint64(eb)<<shEarnings | uint64(cb)<<shCompleters
		ix.nameKey[d] = float64(nameRank[r.name])*numInst + float64(instRank[b.insts[r.inst].Name])
		ix.quality[d] = careerpath.BestMatchQuality(r.earn1, int(r.completers))
		ix.packed[d] |= qualityCeil(ix.quality[d]) << shQuality

		// Postings: each distinct word of the two names once.
		seen = seen[:0]
		for _, t := range tokens(r.name) {
			seen = appendNew(seen, t)
		}
		for _, t := range tokens(b.insts[r.inst].Name) {
			seen = appendNew(seen, t)
		}
		for _, t := range seen {
			ix.postings[t] = append(ix.postings[t], uint32(d))
		}
	}

	ix.buildText()
	ix.buildSuggest()

	// Relevance of every program to every career, through the (CIP, award,
	// concentration) classes: the model runs once per class and career.
	for _, slug := range b.model.Careers() {
		ix.careers[slug] = ix.newCareerIndex(b.model, slug)
	}
	return ix, nil
}

// awardCode returns the IPEDS code of an award index.
func awardCode(i uint8) int {
	if i == awardUnknown {
		return careerpath.AwardUnknown
	}
	return careerpath.AwardLevels[i].Code
}

func appendNew(s []string, t string) []string {
	for _, x := range s {
		if x == t {
			return s
		}
	}
	return append(s, t)
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// rankStrings returns the rank of every distinct string in byte order.
func rankStrings(each func(yield func(string))) map[string]int {
	set := map[string]int{}
	each(func(s string) { set[s] = 0 })
	keys := sortedKeys(set)
	for i, k := range keys {
		set[k] = i
	}
	return set
}

// Source is where Load reads the catalog from.
type Source interface {
	EachInstitution(ctx context.Context, fn func(careerpath.Institution) error) error
	// EachProgram calls fn with every IPEDS program; of Institution only
	// UnitID is set. fn may keep nothing of p.
	EachProgram(ctx context.Context, fn func(p *careerpath.Program) error) error
	// EachCatalogProgram calls fn with every active provider catalog
	// entry, as a program with Institution.UnitID 0 (see AddProgram).
	EachCatalogProgram(ctx context.Context, fn func(p *careerpath.Program) error) error
	// EachZIPCentroid calls fn with every ZIP code of the ZIP gazetteer.
	EachZIPCentroid(ctx context.Context, fn func(zip string, pt careerpath.GeoPoint) error) error
	// PaybackBaseline returns the earnings payback compares with.
	PaybackBaseline(ctx context.Context) (*careerpath.Stat, error)
}

// Load builds an index of every program of src.
func Load(ctx context.Context, src Source, model *relevance.Rule) (*Index, error) {
	b := NewBuilder(model)
	if err := src.EachInstitution(ctx, func(in careerpath.Institution) error { b.AddInstitution(in); return nil }); err != nil {
		return nil, err
	}
	if err := src.EachProgram(ctx, func(p *careerpath.Program) error { b.AddProgram(p); return nil }); err != nil {
		return nil, err
	}
	if err := src.EachCatalogProgram(ctx, func(p *careerpath.Program) error { b.AddProgram(p); return nil }); err != nil {
		return nil, err
	}
	if err := src.EachZIPCentroid(ctx, func(zip string, pt careerpath.GeoPoint) error { b.AddZIP(zip, pt); return nil }); err != nil {
		return nil, err
	}
	// Without wages and projections (a database of a catalog only) there
	// is no baseline, and so no payback.
	base, err := src.PaybackBaseline(ctx)
	if err != nil && careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		return nil, err
	}
	b.SetPaybackBaseline(base)
	return b.Build()
}
