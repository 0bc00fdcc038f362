package postgres

import (
	"context"
	"fmt"

	"github.com/careerpath/careerpath/opendata"
)

// LoadONET stores the O*NET tables, and the technology prevalence derived
// from them.
func (b *Builder) LoadONET(ctx context.Context, o opendata.ONET) error {
	steps := []func() error{
		func() error {
			return b.load(ctx, "onet_occupations", []string{"code", "soc", "title", "description"}, len(o.Occupations), func(i int) []any {
				r := o.Occupations[i]
				return []any{r.Code, r.SOC, r.Title, r.Description}
			})
		},
		func() error {
			return b.load(ctx, "onet_job_zones", []string{"code", "soc", "zone"}, len(o.JobZones), func(i int) []any {
				r := o.JobZones[i]
				return []any{r.Code, r.SOC, r.Zone}
			})
		},
		func() error {
			return b.load(ctx, "onet_job_zone_levels", []string{"zone", "name", "experience", "education", "training", "examples"}, len(o.JobZoneLevels), func(i int) []any {
				r := o.JobZoneLevels[i]
				return []any{r.Zone, r.Name, r.Experience, r.Education, r.Training, r.Examples}
			})
		},
		func() error {
			return b.load(ctx, "onet_tasks", []string{"code", "soc", "task_id", "task", "type", "incumbents"}, len(o.Tasks), func(i int) []any {
				r := o.Tasks[i]
				return []any{r.Code, r.SOC, r.ID, r.Text, r.Type, r.Incumbents}
			})
		},
		func() error {
			return b.load(ctx, "onet_technology_skills", []string{"code", "soc", "example", "commodity_code", "commodity_title", "hot", "in_demand"}, len(o.Technology), func(i int) []any {
				r := o.Technology[i]
				return []any{r.Code, r.SOC, r.Example, r.CommodityCode, r.CommodityTitle, r.Hot, r.InDemand}
			})
		},
		func() error {
			if _, err := b.tx.Exec(ctx, "INSERT INTO onet_technology_prevalence (name, listed) "+prevalenceQuery); err != nil {
				return storageError(fmt.Errorf("derive technology prevalence: %w", err))
			}
			return nil
		},
		func() error { return b.loadRatings(ctx, "skill", o.Skills) },
		func() error { return b.loadRatings(ctx, "knowledge", o.Knowledge) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (b *Builder) loadRatings(ctx context.Context, kind string, rs []opendata.Rating) error {
	cols := []string{"kind", "code", "soc", "element_id", "element_name", "importance", "level", "not_relevant", "suppress"}
	return b.load(ctx, "onet_ratings", cols, len(rs), func(i int) []any {
		r := rs[i]
		return []any{kind, r.Code, r.SOC, r.ElementID, r.ElementName, r.Importance, r.Level, r.NotRelevant, r.Suppress}
	})
}

// prevalenceQuery computes the rows of onet_technology_prevalence from
// onet_technology_skills, as sqlite's of the same name: each SOC code is
// represented by its ".00" code where it lists technology, and otherwise
// by every code under it in equal parts.
const prevalenceQuery = `
	WITH codes AS (
		SELECT DISTINCT soc, code FROM onet_technology_skills),
	mains AS (
		SELECT soc FROM codes WHERE code = soc || '.00'),
	reps AS (
		SELECT soc, code, 1.0 / COUNT(*) OVER (PARTITION BY soc) AS w FROM codes
		WHERE code = soc || '.00' OR soc NOT IN (SELECT soc FROM mains)),
	listed AS (
		SELECT DISTINCT code, lower(example) AS name FROM onet_technology_skills)
	SELECT l.name, SUM(r.w) FROM listed l JOIN reps r ON r.code = l.code GROUP BY l.name`
