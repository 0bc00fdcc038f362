package sqlite

import (
	"context"
	"fmt"

	"github.com/careerpath/careerpath/opendata"
)

// LoadONET stores the O*NET tables.
func (b *Builder) LoadONET(ctx context.Context, o opendata.ONET) error {
	steps := []func() error{
		func() error {
			return b.insert(ctx, "onet_occupations", []string{"code", "soc", "title", "description"}, len(o.Occupations), func(i int) []any {
				r := o.Occupations[i]
				return []any{r.Code, r.SOC, r.Title, r.Description}
			})
		},
		func() error {
			return b.insert(ctx, "onet_job_zones", []string{"code", "soc", "zone"}, len(o.JobZones), func(i int) []any {
				r := o.JobZones[i]
				return []any{r.Code, r.SOC, r.Zone}
			})
		},
		func() error {
			return b.insert(ctx, "onet_job_zone_levels", []string{"zone", "name", "experience", "education", "training", "examples"}, len(o.JobZoneLevels), func(i int) []any {
				r := o.JobZoneLevels[i]
				return []any{r.Zone, r.Name, r.Experience, r.Education, r.Training, r.Examples}
			})
		},
		func() error {
			return b.insert(ctx, "onet_tasks", []string{"code", "soc", "task_id", "task", "type", "incumbents"}, len(o.Tasks), func(i int) []any {
				r := o.Tasks[i]
				return []any{r.Code, r.SOC, r.ID, r.Text, r.Type, r.Incumbents}
			})
		},
		func() error {
			return b.insert(ctx, "onet_technology_skills", []string{"code", "soc", "example", "commodity_code", "commodity_title", "hot", "in_demand"}, len(o.Technology), func(i int) []any {
				r := o.Technology[i]
				return []any{r.Code, r.SOC, r.Example, r.CommodityCode, r.CommodityTitle, r.Hot, r.InDemand}
			})
		},
		func() error {
			_, err := b.tx.ExecContext(ctx, "INSERT INTO onet_technology_prevalence (name, listed) "+prevalenceQuery)
			if err != nil {
				return fmt.Errorf("derive technology prevalence: %w", err)
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
	return b.insert(ctx, "onet_ratings", cols, len(rs), func(i int) []any {
		r := rs[i]
		return []any{kind, r.Code, r.SOC, r.ElementID, r.ElementName, r.Importance, r.Level, r.NotRelevant, r.Suppress}
	})
}
