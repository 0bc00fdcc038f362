package opendata

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

const (
	onetOccHeader = "O*NET-SOC Code\tTitle\tDescription\n"
	onetOccRow    = "15-2051.00\tData Scientists\tDevelop and implement a set of techniques.\n"
)

func TestParseONETOccupations(t *testing.T) {
	in := onetOccHeader + onetOccRow + "15-1252.00\tSoftware Developers\tResearch, design, and develop software.\n\n"
	got, err := ParseONETOccupations(Source{"onet", "t.txt"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []ONETOccupation{
		{Code: "15-2051.00", SOC: "15-2051", Title: "Data Scientists", Description: "Develop and implement a set of techniques."},
		{Code: "15-1252.00", SOC: "15-1252", Title: "Software Developers", Description: "Research, design, and develop software."},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseONETOccupations: got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ParseONETOccupations row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseONETOccupationsErrors(t *testing.T) {
	expectParseErrors(t, "ParseONETOccupations", ParseONETOccupations, Source{"onet", "t.txt"}, []badInput{
		{"empty", "", "t.txt:1: empty file"},
		{"missing column", strings.Replace(onetOccHeader, "Description", "Desc", 1) + onetOccRow, "t.txt:1: field Description: missing column"},
		{"field count", onetOccHeader + "15-2051.00\tData Scientists\n", "t.txt:2: record has 2 fields, want 3"},
		{"bad code", onetOccHeader + strings.Replace(onetOccRow, "15-2051.00", "15-2051", 1), "t.txt:2:1: field O*NET-SOC Code: want an O*NET-SOC code"},
		{"blank title", onetOccHeader + strings.Replace(onetOccRow, "Data Scientists", " ", 1), "t.txt:2:2: field Title: want a value"},
		{"duplicate", onetOccHeader + onetOccRow + onetOccRow, `t.txt:3:1: field O*NET-SOC Code: duplicate key "15-2051.00" (first on line 2)`},
		{"invalid utf8", onetOccHeader + strings.Replace(onetOccRow, "Data", "D\xffta", 1), "t.txt:2:2: field Title: invalid UTF-8"},
	})
}

const (
	jobZoneHeader = "O*NET-SOC Code\tTitle\tJob Zone\tDate\tDomain Source\n"
	jobZoneRow    = "15-2051.00\tData Scientists\t4\t11/2021\tAnalyst - Preliminary\n"
)

func TestParseJobZones(t *testing.T) {
	got, err := ParseJobZones(Source{"onet", "t.txt"}, strings.NewReader(jobZoneHeader+jobZoneRow))
	if err != nil {
		t.Fatal(err)
	}
	want := JobZone{Code: "15-2051.00", SOC: "15-2051", Zone: 4}
	if len(got) != 1 || got[0] != want {
		t.Errorf("ParseJobZones = %+v, want [%+v]", got, want)
	}
}

func TestParseJobZonesErrors(t *testing.T) {
	expectParseErrors(t, "ParseJobZones", ParseJobZones, Source{"onet", "t.txt"}, []badInput{
		{"missing column", strings.Replace(jobZoneHeader, "Job Zone", "Zone", 1) + jobZoneRow, "t.txt:1: field Job Zone: missing column"},
		{"field count", jobZoneHeader + "15-2051.00\tData Scientists\t4\t11/2021\n", "t.txt:2: record has 4 fields, want 5"},
		{"not a number", jobZoneHeader + strings.Replace(jobZoneRow, "\t4\t", "\tfour\t", 1), `t.txt:2:3: field Job Zone: want a whole number, got "four"`},
		{"out of range", jobZoneHeader + strings.Replace(jobZoneRow, "\t4\t", "\t6\t", 1), "t.txt:2:3: field Job Zone: want a job zone from 1 to 5, got 6"},
		{"duplicate", jobZoneHeader + jobZoneRow + jobZoneRow, `t.txt:3:1: field O*NET-SOC Code: duplicate key "15-2051.00"`},
		{"invalid utf8", jobZoneHeader + strings.Replace(jobZoneRow, "Analyst", "An\xffalyst", 1), "t.txt:2:5: field Domain Source: invalid UTF-8"},
	})
}

const (
	zoneRefHeader = "Job Zone\tName\tExperience\tEducation\tJob Training\tExamples\tSVP Range\n"
	zoneRefRow    = "4\tJob Zone Four: Considerable Preparation Needed\tA considerable amount.\tMost require a four-year bachelor's degree.\tSeveral years of work-related experience.\tAccountants.\t(7.0 to < 8.0)\n"
)

func TestParseJobZoneReference(t *testing.T) {
	got, err := ParseJobZoneReference(Source{"onet", "t.txt"}, strings.NewReader(zoneRefHeader+zoneRefRow))
	if err != nil {
		t.Fatal(err)
	}
	want := JobZoneLevel{Zone: 4, Name: "Job Zone Four: Considerable Preparation Needed", Experience: "A considerable amount.",
		Education: "Most require a four-year bachelor's degree.", Training: "Several years of work-related experience.", Examples: "Accountants."}
	if len(got) != 1 || got[0] != want {
		t.Errorf("ParseJobZoneReference = %+v, want [%+v]", got, want)
	}
}

func TestParseJobZoneReferenceErrors(t *testing.T) {
	expectParseErrors(t, "ParseJobZoneReference", ParseJobZoneReference, Source{"onet", "t.txt"}, []badInput{
		{"missing column", strings.Replace(zoneRefHeader, "Job Training", "Training", 1) + zoneRefRow, "t.txt:1: field Job Training: missing column"},
		{"field count", zoneRefHeader + "4\tJob Zone Four\n", "t.txt:2: record has 2 fields, want 7"},
		{"not a number", zoneRefHeader + strings.Replace(zoneRefRow, "4\t", "x\t", 1), "t.txt:2:1: field Job Zone: want a whole number"},
		{"duplicate", zoneRefHeader + zoneRefRow + zoneRefRow, `t.txt:3:1: field Job Zone: duplicate key "4" (first on line 2)`},
		{"invalid utf8", zoneRefHeader + strings.Replace(zoneRefRow, "Accountants", "Acc\xffountants", 1), "t.txt:2:6: field Examples: invalid UTF-8"},
	})
}

const (
	taskHeader = "O*NET-SOC Code\tTitle\tTask ID\tTask\tTask Type\tIncumbents Responding\tDate\tDomain Source\n"
	taskRow    = "11-1011.00\tChief Executives\t8823\tDirect or coordinate financial activities.\tCore\t95.0\t08/2023\tIncumbent\n"
)

func TestParseTasks(t *testing.T) {
	in := taskHeader + taskRow +
		"15-2051.00\tData Scientists\t21823\tAnalyze large sets of data.\t\t\t11/2020\tAnalyst\n" +
		"11-1011.00\tChief Executives\t8830\tServe as liaison.\tSupplemental\t89.0\t08/2023\tIncumbent\n"
	for _, in := range []string{in, string(gzipBytes(t, in))} {
		got, err := ParseTasks(Source{"onet", "t.txt"}, strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		want := []Task{
			{Code: "11-1011.00", SOC: "11-1011", ID: 8823, Text: "Direct or coordinate financial activities.", Type: "Core", Incumbents: ptr(95.0)},
			{Code: "15-2051.00", SOC: "15-2051", ID: 21823, Text: "Analyze large sets of data."},
			{Code: "11-1011.00", SOC: "11-1011", ID: 8830, Text: "Serve as liaison.", Type: "Supplemental", Incumbents: ptr(89.0)},
		}
		if len(got) != len(want) {
			t.Fatalf("ParseTasks: got %d rows, want %d", len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			if g.Code != w.Code || g.SOC != w.SOC || g.ID != w.ID || g.Text != w.Text || g.Type != w.Type || !samePtr(g.Incumbents, w.Incumbents) {
				t.Errorf("ParseTasks row %d = %+v, want %+v", i, g, w)
			}
		}
	}
}

func TestParseTasksErrors(t *testing.T) {
	expectParseErrors(t, "ParseTasks", ParseTasks, Source{"onet", "t.txt"}, []badInput{
		{"missing column", strings.Replace(taskHeader, "Task Type", "Type", 1) + taskRow, "t.txt:1: field Task Type: missing column"},
		{"field count", taskHeader + strings.Replace(taskRow, "\tIncumbent\n", "\n", 1), "t.txt:2: record has 7 fields, want 8"},
		{"not a number", taskHeader + strings.Replace(taskRow, "95.0", "many", 1), `t.txt:2:6: field Incumbents Responding: want a number or blank, got "many"`},
		{"bad id", taskHeader + strings.Replace(taskRow, "8823", "88x", 1), "t.txt:2:3: field Task ID: want a whole number"},
		{"bad type", taskHeader + strings.Replace(taskRow, "Core", "Main", 1), `t.txt:2:5: field Task Type: want one of ["Core" "Supplemental" ""], got "Main"`},
		{"duplicate", taskHeader + taskRow + strings.Replace(taskRow, "11-1011.00", "11-1011.03", 1), `t.txt:3:3: field Task ID: duplicate key "8823" (first on line 2)`},
		{"invalid utf8", taskHeader + strings.Replace(taskRow, "Direct", "Dir\xffect", 1), "t.txt:2:4: field Task: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, taskHeader+taskRow), "t.txt:3: read: truncated input"},
	})
}

const (
	techHeader = "O*NET-SOC Code\tTitle\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n"
	techRow    = "15-2051.00\tData Scientists\tPython\t43232405\tObject or component oriented development software\tY\tY\n"
)

func TestParseTechnologySkills(t *testing.T) {
	in := techHeader + techRow + "11-1011.00\tChief Executives\tAdSense Tracker\t43232306\tData base user interface and query software\tN\tN\n"
	got, err := ParseTechnologySkills(Source{"onet", "t.txt"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []TechnologySkill{
		{Code: "15-2051.00", SOC: "15-2051", Example: "Python", CommodityCode: 43232405, CommodityTitle: "Object or component oriented development software", Hot: true, InDemand: true},
		{Code: "11-1011.00", SOC: "11-1011", Example: "AdSense Tracker", CommodityCode: 43232306, CommodityTitle: "Data base user interface and query software"},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseTechnologySkills: got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ParseTechnologySkills row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseTechnologySkillsErrors(t *testing.T) {
	expectParseErrors(t, "ParseTechnologySkills", ParseTechnologySkills, Source{"onet", "t.txt"}, []badInput{
		{"missing column", strings.Replace(techHeader, "Hot Technology", "Hot", 1) + techRow, "t.txt:1: field Hot Technology: missing column"},
		{"field count", techHeader + strings.Replace(techRow, "\tY\tY\n", "\tY\n", 1), "t.txt:2: record has 6 fields, want 7"},
		{"not a number", techHeader + strings.Replace(techRow, "43232405", "4323x405", 1), "t.txt:2:4: field Commodity Code: want a whole number"},
		{"bad flag", techHeader + strings.Replace(techRow, "\tY\tY\n", "\tY\tyes\n", 1), `t.txt:2:7: field In Demand: want Y or N, got "yes"`},
		{"duplicate", techHeader + techRow + techRow, `t.txt:3:3: field Example: duplicate key "15-2051.00\tPython" (first on line 2)`},
		{"invalid utf8", techHeader + strings.Replace(techRow, "Python", "Py\xffthon", 1), "t.txt:2:3: field Example: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, techHeader+techRow), "t.txt:3: read: truncated input"},
	})
}

const (
	ratingHeader = "O*NET-SOC Code\tElement ID\tElement Name\tImportance (IM 1-5)\tLevel (LV 0-7)\tLevel Not Relevant\tRecommend Suppress (LV)\tDate\tDomain Source\n"
	ratingRow    = "15-1221.00\t2.A.1.e\tMathematics\t3.38\t4.38\tN\tN\t08/2019\tAnalyst\n"
)

func TestParseRatings(t *testing.T) {
	in := ratingHeader + ratingRow +
		"11-1011.03\t2.C.1.a\tAdministration and Management\t4.15\t5\tN\t\t08/2021\tOccupational Expert\n" +
		"11-1011.00\t2.C.1.b\tAdministrative\t1.2\t0.01\tY\tY\t08/2023\tIncumbent\n" +
		"11-1011.00\t2.C.1.c\tEconomics\tn/a\t\tN\tN\t08/2023\tIncumbent\n"
	got, err := ParseRatings(Source{"onet", "t.tsv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Rating{
		{Code: "15-1221.00", SOC: "15-1221", ElementID: "2.A.1.e", ElementName: "Mathematics", Importance: ptr(3.38), Level: ptr(4.38)},
		{Code: "11-1011.03", SOC: "11-1011", ElementID: "2.C.1.a", ElementName: "Administration and Management", Importance: ptr(4.15), Level: ptr(5.0)},
		{Code: "11-1011.00", SOC: "11-1011", ElementID: "2.C.1.b", ElementName: "Administrative", Importance: ptr(1.2), Level: ptr(0.01), NotRelevant: true, Suppress: true},
		{Code: "11-1011.00", SOC: "11-1011", ElementID: "2.C.1.c", ElementName: "Economics"},
	}
	if len(got) != len(want) {
		t.Fatalf("ParseRatings: got %d rows, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Code != w.Code || g.SOC != w.SOC || g.ElementID != w.ElementID || g.ElementName != w.ElementName ||
			!samePtr(g.Importance, w.Importance) || !samePtr(g.Level, w.Level) || g.NotRelevant != w.NotRelevant || g.Suppress != w.Suppress {
			t.Errorf("ParseRatings row %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestParseRatingsErrors(t *testing.T) {
	expectParseErrors(t, "ParseRatings", ParseRatings, Source{"onet", "t.tsv"}, []badInput{
		{"missing column", strings.Replace(ratingHeader, "Level (LV 0-7)", "Level", 1) + ratingRow, "t.tsv:1: field Level (LV 0-7): missing column"},
		{"field count", ratingHeader + strings.Replace(ratingRow, "\tAnalyst\n", "\n", 1), "t.tsv:2: record has 8 fields, want 9"},
		{"not a number", ratingHeader + strings.Replace(ratingRow, "3.38", "high", 1), `t.tsv:2:4: field Importance (IM 1-5): want a number or blank, got "high"`},
		{"out of scale", ratingHeader + strings.Replace(ratingRow, "4.38", "7.5", 1), "t.tsv:2:5: field Level (LV 0-7): want a rating from 0 to 7, got 7.5"},
		{"bad suppress", ratingHeader + strings.Replace(ratingRow, "N\tN\t", "N\tmaybe\t", 1), `t.tsv:2:7: field Recommend Suppress (LV): want one of`},
		{"duplicate", ratingHeader + ratingRow + ratingRow, `t.tsv:3:2: field Element ID: duplicate key "15-1221.00\t2.A.1.e" (first on line 2)`},
		{"invalid utf8", ratingHeader + strings.Replace(ratingRow, "Mathematics", "Math\xffematics", 1), "t.tsv:2:3: field Element Name: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, ratingHeader+ratingRow), "t.tsv:3: read: truncated input"},
	})
}

// TestONETBundled checks golden facts on the real bundled O*NET files.
func TestONETBundled(t *testing.T) {
	t.Run("occupations", func(t *testing.T) {
		got, err := ParseONETOccupations(Source{"onet", "occupation_data.txt"}, openBundled(t, "onet-29.3/occupation_data.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1016 {
			t.Errorf("rows = %d, want 1016", len(got))
		}
		found := false
		for _, o := range got {
			if o.Code == "15-2051.00" {
				found = true
				if o.SOC != "15-2051" || o.Title != "Data Scientists" {
					t.Errorf("15-2051.00 = %+v, want SOC 15-2051, title Data Scientists", o)
				}
			}
		}
		if !found {
			t.Error("15-2051.00 Data Scientists missing")
		}
	})
	t.Run("job zones", func(t *testing.T) {
		got, err := ParseJobZones(Source{"onet", "job_zones.txt"}, openBundled(t, "onet-29.3/job_zones.txt"))
		if err != nil {
			t.Fatal(err)
		}
		// Not every occupation has a job zone: 923 of 1,016 do.
		if len(got) != 923 {
			t.Errorf("rows = %d, want 923", len(got))
		}
		for _, z := range got {
			if z.Code == "15-2051.00" && z.Zone != 4 {
				t.Errorf("15-2051.00 job zone = %d, want 4", z.Zone)
			}
		}
	})
	t.Run("job zone reference", func(t *testing.T) {
		got, err := ParseJobZoneReference(Source{"onet", "job_zone_reference.txt"}, openBundled(t, "onet-29.3/job_zone_reference.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 5 {
			t.Fatalf("rows = %d, want 5", len(got))
		}
		if got[3].Zone != 4 || got[3].Name != "Job Zone Four: Considerable Preparation Needed" {
			t.Errorf("row 4 = %+v, want zone 4, Considerable Preparation Needed", got[3])
		}
	})
	t.Run("tasks", func(t *testing.T) {
		got, err := ParseTasks(Source{"onet", "task_statements.txt.gz"}, openBundled(t, "onet-29.3/task_statements.txt.gz"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 18796 {
			t.Errorf("rows = %d, want 18796", len(got))
		}
		types := map[string]int{}
		noIncumbents := 0
		for _, k := range got {
			types[k.Type]++
			if k.Incumbents == nil {
				noIncumbents++
			}
		}
		if types["Core"] != 13417 || types["Supplemental"] != 4222 || types[""] != 1157 {
			t.Errorf("task types = %v, want Core 13417, Supplemental 4222, blank 1157", types)
		}
		if noIncumbents != 1639 {
			t.Errorf("tasks without incumbents = %d, want 1639", noIncumbents)
		}
	})
	t.Run("technology skills", func(t *testing.T) {
		got, err := ParseTechnologySkills(Source{"onet", "technology_skills.txt.gz"}, openBundled(t, "onet-29.3/technology_skills.txt.gz"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 32681 {
			t.Errorf("rows = %d, want 32681", len(got))
		}
		hot, inDemand, python := 0, 0, false
		for _, s := range got {
			if s.Hot {
				hot++
			}
			if s.InDemand {
				inDemand++
			}
			if s.Code == "15-2051.00" && s.Example == "Python" {
				python = s.Hot && s.InDemand && s.CommodityCode == 43232405
			}
		}
		if hot != 11616 || inDemand != 2339 {
			t.Errorf("hot, in demand = %d, %d, want 11616, 2339", hot, inDemand)
		}
		if !python {
			t.Error("15-2051.00 Python: want hot, in demand, commodity 43232405")
		}
	})
	for _, tt := range []struct {
		file                 string
		rows, suppress, notR int
	}{
		{"skills_importance_level.tsv.gz", 30765, 124, 3302},
		{"knowledge_importance_level.tsv.gz", 29007, 4778, 5939},
	} {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseRatings(Source{"onet", tt.file}, openBundled(t, "onet-29.3/"+tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.rows {
				t.Errorf("rows = %d, want %d", len(got), tt.rows)
			}
			suppress, notR := 0, 0
			for _, g := range got {
				if g.Suppress {
					suppress++
				}
				if g.NotRelevant {
					notR++
				}
				if g.Importance == nil || g.Level == nil {
					t.Errorf("%s %s: rating unknown, want every rating published", g.Code, g.ElementID)
				}
				if g.Code == "15-1221.00" && g.ElementID == "2.A.1.e" && (*g.Importance != 3.38 || *g.Level != 4.38) {
					t.Errorf("15-1221.00 Mathematics = %v, %v, want 3.38, 4.38", *g.Importance, *g.Level)
				}
			}
			if suppress != tt.suppress || notR != tt.notR {
				t.Errorf("suppressed, not relevant = %d, %d, want %d, %d", suppress, notR, tt.suppress, tt.notR)
			}
		})
	}
}

func FuzzParseONETOccupations(f *testing.F) {
	f.Add([]byte(onetOccHeader + onetOccRow))
	f.Add(gzipBytes(f, onetOccHeader))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseONETOccupations(Source{"onet", "fuzz.txt"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

func FuzzParseJobZones(f *testing.F) {
	f.Add([]byte(jobZoneHeader + jobZoneRow))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseJobZones(Source{"onet", "fuzz.txt"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

func FuzzParseJobZoneReference(f *testing.F) {
	f.Add([]byte(zoneRefHeader + zoneRefRow))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseJobZoneReference(Source{"onet", "fuzz.txt"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

func FuzzParseTasks(f *testing.F) {
	f.Add([]byte(taskHeader + taskRow))
	f.Add(gzipBytes(f, taskHeader+taskRow))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseTasks(Source{"onet", "fuzz.txt"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

func FuzzParseTechnologySkills(f *testing.F) {
	f.Add([]byte(techHeader + techRow))
	f.Add(gzipBytes(f, techHeader+techRow))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseTechnologySkills(Source{"onet", "fuzz.txt"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

func FuzzParseRatings(f *testing.F) {
	f.Add([]byte(ratingHeader + ratingRow))
	f.Add(gzipBytes(f, ratingHeader+ratingRow))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseRatings(Source{"onet", "fuzz.tsv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}

// TestParseTasksReadErrorMidLine checks that a read error in the middle of
// a line fails the parse instead of yielding the cut-off line as a record
// (a tab-separated record cut inside its last field has the right number of
// fields, so nothing else would notice).
func TestParseTasksReadErrorMidLine(t *testing.T) {
	cut := taskHeader + strings.TrimSuffix(taskRow, "umbent\n")
	r := io.MultiReader(strings.NewReader(cut), iotest.ErrReader(io.ErrUnexpectedEOF))
	rows, err := ParseTasks(Source{"onet", "t.txt"}, r)
	if want := "t.txt:2: read: truncated input"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ParseTasks(cut at line 2) = %d rows, error %v, want error containing %q", len(rows), err, want)
	}
}
