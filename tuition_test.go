package careerpath

import "testing"

func TestTuitionFor(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	gt := Institution{UnitID: 139755, State: "GA", Control: ControlPublic,
		TuitionInState: f(11764), TuitionOutOfState: f(32876), GradTuitionInState: f(14064), GradTuitionOutOfState: f(29140)}
	private := Institution{UnitID: 1, State: "GA", Control: ControlNonprofit, TuitionInState: f(50000), TuitionOutOfState: f(50000)}
	master, _ := FindAwardLevel(AwardMaster)
	bachelor, _ := FindAwardLevel(AwardBachelor)
	for _, tt := range []struct {
		name      string
		p         Program
		resident  string
		amount    float64 // -1: not reported
		level     string
		residency string
	}{
		{"master's, no state", Program{Institution: gt, Award: master}, "", 29140, TuitionGraduate, ResidencyOutOfState},
		{"master's, Georgia", Program{Institution: gt, Award: master}, "GA", 14064, TuitionGraduate, ResidencyInState},
		{"master's, Texas", Program{Institution: gt, Award: master}, "TX", 29140, TuitionGraduate, ResidencyOutOfState},
		{"bachelor's, Georgia", Program{Institution: gt, Award: bachelor}, "GA", 11764, TuitionUndergraduate, ResidencyInState},
		{"bachelor's, no state", Program{Institution: gt, Award: bachelor}, "", 32876, TuitionUndergraduate, ResidencyOutOfState},
		{"private, same state", Program{Institution: private, Award: bachelor}, "GA", 50000, TuitionUndergraduate, ResidencyOutOfState},
		{"master's, no graduate figure: not reported", Program{Institution: private, Award: master}, "GA", -1, TuitionGraduate, ResidencyOutOfState},
	} {
		q := tt.p.TuitionFor(tt.resident)
		got := -1.0
		if q.Amount != nil {
			got = *q.Amount
		}
		if got != tt.amount || q.Level != tt.level || q.Residency != tt.residency {
			t.Errorf("%s: TuitionFor(%q) = %v %s %s, want %v %s %s", tt.name, tt.resident, got, q.Level, q.Residency, tt.amount, tt.level, tt.residency)
		}
	}
	c := (&Program{Institution: gt, Award: master}).TotalCostFor("GA")
	if c.Amount == nil || *c.Amount != 2*14064 || !c.Typical {
		t.Errorf("total cost of Georgia Tech's master's for a Georgian = %+v, want 2 typical years × $14,064", c)
	}
	if got := (TuitionQuote{Level: TuitionGraduate, Residency: ResidencyOutOfState, Year: GraduateTuitionYear}).Label(); got != "institution's average graduate tuition, out-of-state, 2022-23" {
		t.Errorf("Label = %q", got)
	}
}

func TestValidResident(t *testing.T) {
	for in, want := range map[string]string{"": "", "tx": "TX", "Texas": "TX", " GA ": "GA", "new york": "NY"} {
		if got, err := ValidResident(in); err != nil || got != want {
			t.Errorf("ValidResident(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ValidResident("ZZ"); ErrorCode(err) != EINVALID {
		t.Errorf("ValidResident(ZZ) err = %v, want EINVALID", err)
	}
}
