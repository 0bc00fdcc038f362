package figures_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/figures"
)

// signOff is what an ML engineer reviewing a career's skill tiers would
// sign off on: skills that must be in a tier (any of a group), and skills
// that must not be in some tiers.
type signOff struct {
	slug string
	// in lists groups of skills of which one must be in one of the tiers.
	in []placement
	// out lists skills none of which may be in any of the tiers.
	out []placement
}

type placement struct {
	names []string
	tiers []string
}

var (
	must    = []string{careerpath.TierMustHave}
	atLeast = []string{careerpath.TierMustHave, careerpath.TierImportant} // important or better

)

func one(tiers []string, names ...string) placement { return placement{names, tiers} }

// signOffs are the statements for the eight edited careers. Each is a
// judgement about the job, not about the data: they were written before
// looking at which ones the computed tiers meet.
var signOffs = []signOff{
	{slug: "machine-learning-engineer",
		in: []placement{one(must, "Python"), one(must, "Structured query language SQL"), one(must, "PyTorch", "TensorFlow"),
			one(atLeast, "Docker", "Kubernetes")},
		out: []placement{one(must, "Microsoft Power BI", "Tableau", "Microsoft Excel", "Oracle Java", "C#", "Ada", "Qlik Tech QlikView", "R", "C", "Microsoft Azure software")}},
	{slug: "ai-engineer",
		in: []placement{one(must, "Python"), one(atLeast, "PyTorch")},
		out: []placement{one(must, "Atlassian JIRA", "Jenkins CI", "JavaScript Object Notation JSON", "Microsoft Power BI", "Tableau", "Microsoft Excel"),
			one(atLeast, "Cascading style sheets CSS", "Hypertext markup language HTML")}},
	{slug: "mlops-engineer",
		in:  []placement{one(atLeast, "Kubernetes"), one(atLeast, "Docker"), one(must, "Python")},
		out: []placement{one(atLeast, "Cascading style sheets CSS", "Hypertext markup language HTML"), one(must, "Microsoft .NET Framework", "Microsoft Excel", "Microsoft Power BI")}},
	{slug: "ai-research-scientist",
		in:  []placement{one(must, "Python"), one(must, "PyTorch", "TensorFlow")},
		out: []placement{one(must, "Microsoft Power BI", "Tableau", "Microsoft Excel", "Oracle Java")}},
	{slug: "data-scientist",
		in:  []placement{one(must, "Python"), one(must, "Structured query language SQL"), one(atLeast, "Scikit-learn", "pandas")},
		out: []placement{one(must, "Microsoft Excel", "Ada", "Qlik Tech QlikView", "Oracle Java", "C")}},
	{slug: "data-analyst",
		in: []placement{one(must, "Structured query language SQL"), one(atLeast, "Tableau", "Microsoft Power BI"), one(atLeast, "Python", "R")},
		out: []placement{one(must, "The MathWorks MATLAB", "C++", "Scala", "PyTorch", "TensorFlow", "Oracle Java"),
			one(atLeast, "PyTorch", "TensorFlow")}},
	{slug: "data-engineer",
		in:  []placement{one(must, "Structured query language SQL"), one(must, "Python"), one(atLeast, "Apache Spark"), one(atLeast, "Apache Kafka", "Apache Airflow")},
		out: []placement{one(must, "Microsoft Power BI", "Tableau", "Microsoft Excel")}},
	{slug: "analytics-engineer",
		in:  []placement{one(must, "Structured query language SQL"), one(atLeast, "Python"), one(atLeast, "Git")},
		out: []placement{one(must, "Oracle Java", "C", "C++", "Apache Hadoop")}},
}

// check returns the statements of o that skills fail.
func (o signOff) check(l *careerpath.SkillList) []string {
	tierOf := map[string]string{}
	for _, s := range l.Skills {
		tierOf[s.Name] = s.Tier
	}
	var fails []string
	for _, p := range o.in {
		if !slices.ContainsFunc(p.names, func(n string) bool { return slices.Contains(p.tiers, tierOf[n]) }) {
			fails = append(fails, fmt.Sprintf("one of %q in %v (got %v)", p.names, p.tiers, tiers(tierOf, p.names)))
		}
	}
	for _, p := range o.out {
		for _, n := range p.names {
			if slices.Contains(p.tiers, tierOf[n]) {
				fails = append(fails, fmt.Sprintf("%q not in %v (got %s)", n, p.tiers, tierOf[n]))
			}
		}
	}
	return fails
}

func tiers(tierOf map[string]string, names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, n+":"+tierOf[n])
	}
	return out
}

func pins(o careerpath.SkillOverrides) int {
	n := 0
	for _, tier := range careerpath.SkillTiers() {
		n += len(o.Tier(tier))
	}
	return n
}

// TestSkillSignOff checks the skill tiers of the eight edited careers,
// editors' pins included, against signOffs, and logs how many pins each
// career file has and which statements the computed tiers alone fail:
// the pins the method still needs.
func TestSkillSignOff(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	cs := careers(t)
	site, err := figures.Compute(ctx, db, cs)
	if err != nil {
		t.Fatal(err)
	}
	bare := make([]*careerpath.Career, len(cs))
	for i, c := range cs {
		cc := *c
		cc.SkillOverrides = careerpath.SkillOverrides{}
		bare[i] = &cc
	}
	unpinned, err := figures.Compute(ctx, db, bare)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, o := range signOffs {
		i := slices.IndexFunc(cs, func(c *careerpath.Career) bool { return c.Slug == o.slug })
		if i < 0 {
			t.Errorf("no career %s", o.slug)
			continue
		}
		if fails := o.check(site.Careers[o.slug].Skills); len(fails) > 0 {
			t.Errorf("%s, with the editors' pins: %s", o.slug, strings.Join(fails, "; "))
		}
		n := pins(cs[i].SkillOverrides)
		total += n
		without := "passes"
		if fails := o.check(unpinned.Careers[o.slug].Skills); len(fails) > 0 {
			without = "fails " + strings.Join(fails, "; ")
		}
		t.Logf("%s: %d pins; without them it %s", o.slug, n, without)
	}
	t.Logf("%d pins in all", total)
}

// TestHotBadgeShare checks that the Hot badge is rare among all
// occupations, and logs how many of the eight careers carry it (all eight
// do: every AI and data blend grows faster than nine occupations in ten
// and pays more than three in four).
func TestHotBadgeShare(t *testing.T) {
	cs := careers(t)
	site, err := figures.Compute(context.Background(), openDB(t), cs)
	if err != nil {
		t.Fatal(err)
	}
	var on []string
	for _, c := range cs {
		b := site.Careers[c.Slug].Hot
		if b.On {
			on = append(on, c.Slug)
		}
		t.Logf("%s: %v — %s", c.Slug, b.On, b.Reason)
	}
	rule := site.Careers[cs[0].Slug].Hot.Rule
	t.Logf("rule: %s", rule)
	t.Logf("%d of %d careers carry the badge: %v", len(on), len(cs), on)
	// The rule is relative to all occupations: by construction at most a
	// tenth of them can carry it, whatever the eight careers do.
	var occupations, both int
	if _, err := fmt.Sscanf(rule[strings.LastIndex(rule, ". ")+2:], "%d of the %d", &both, &occupations); err != nil || occupations < 800 || both > occupations/10 {
		t.Errorf("rule %q: want over 800 occupations with data and at most a tenth of them meeting it (%v)", rule, err)
	}
}
