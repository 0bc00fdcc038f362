package classify

import (
	"slices"
	"strings"
	"testing"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		program, institution string
		degree               Degree
		field                string
	}{
		{"MSc Machine Learning", "", DegreeMaster, "machine learning"},
		{"M.Sc. Machine Learning", "", DegreeMaster, "machine learning"},
		{"Master of Science in Machine Learning", "", DegreeMaster, "machine learning"},
		{"M.Tech in Artificial Intelligence", "", DegreeMaster, "artificial intelligence"},
		{"BSc (Hons) Computer Science", "", DegreeBachelor, "computer science"},
		{"B. Sc. Computer Science", "", DegreeBachelor, "computer science"},
		{"B.Tech Computer Science and Engineering", "", DegreeBachelor, "computer science engineering"},
		{"Master of Data Science", "", DegreeMaster, "data science"},
		{"Master's Programme in Data Science", "", DegreeMaster, "data science"},
		{"Master of Engineering in Computer Science", "", DegreeMaster, "computer science"},
		{"Master of Engineering", "", DegreeMaster, "engineering"},
		{"Master of Fine Arts in Studio Art", "", DegreeMaster, "studio art"},
		{"Master of Business Administration", "", DegreeMaster, "business administration"},
		{"MBA", "", DegreeMaster, "business administration"},
		{"Executive MBA", "", DegreeMaster, "business administration"},
		{"MBA in Business Analytics", "", DegreeMaster, "business analytics"},
		{"University of Sydney Business School MBA", "University of Sydney", DegreeMaster, "business school business administration"},
		{"Wharton MBA", "", DegreeMaster, "wharton business administration"},
		{"PsyD in Behavioral Health Leadership", "", DegreeProfessionalDoctorate, "behavioral health leadership"},
		{"PhD in Clinical Psychology", "", DegreeDoctorate, "clinical psychology"},
		{"Doctor of Philosophy in Physics", "", DegreeDoctorate, "physics"},
		{"Doctor of Pharmacy", "", DegreeProfessionalDoctorate, "pharmacy"},
		{"Juris Doctor", "", DegreeProfessionalDoctorate, "law"},
		{"Licence Informatique", "", DegreeBachelor, "informatique"},
		{"Ingeniería en Sistemas", "", DegreeUnknown, "ingenieria sistemas"},
		{"Maestría en Inteligencia Artificial", "", DegreeMaster, "inteligencia artificial"},
		{"Informatik (M.Sc.)", "", DegreeMaster, "informatik"},
		{"Graduate Certificate in Data Science", "", DegreeCertificate, "data science"},
		{"Associate of Applied Science in Welding", "", DegreeAssociate, "welding"},
		{"AB in History", "", DegreeBachelor, "history"},
		{"Master of Science", "", DegreeMaster, ""},
		{"Bachelor of Arts", "", DegreeBachelor, ""},
		{"PhD", "", DegreeDoctorate, ""},
		{"", "", DegreeUnknown, ""},
		{"Learning Sciences", "", DegreeUnknown, "learning sciences"},
	}
	for _, tt := range tests {
		a := Analyze(tt.program, tt.institution)
		if got := strings.Join(a.Field, " "); a.Degree != tt.degree || got != tt.field {
			t.Errorf("Analyze(%q, %q) = %v %q, want %v %q", tt.program, tt.institution, a.Degree, got, tt.degree, tt.field)
		}
	}
}

func TestTokensFoldAccents(t *testing.T) {
	got := tokens("Ingeniería  Informática & Ciência — Künstliche Œuvre")
	want := []string{"ingenieria", "informatica", "and", "ciencia", "kunstliche", "oeuvre"}
	if !slices.Equal(got, want) {
		t.Errorf("tokens = %q, want %q", got, want)
	}
}

func TestAwardLevel(t *testing.T) {
	tests := []struct {
		degree, program string
		want            int
	}{
		{"Master's", "MS in Computer Science", 7},
		{"MBA", "Executive MBA", 7},
		{"Bachelor's", "AB in History", 5},
		{"Doctorate", "Juris Doctor", 18},
		{"Doctorate", "Doctor of Pharmacy", 18},
		{"Doctorate", "PsyD in Behavioral Health Leadership", 18},
		{"Certificate", "Certificate in Machine Learning", 2},
		{"Certificate", "Graduate Certificate in Data Science", 6},
		{"Diploma", "Diplome de Cuisine", 2},
		{"", "Associate of Science in Computer Science", 3},
		{"", "Computer Science", 5},
	}
	for _, tt := range tests {
		if got := AwardLevel(tt.degree, tt.program); got != tt.want {
			t.Errorf("AwardLevel(%q, %q) = %d, want %d", tt.degree, tt.program, got, tt.want)
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"MSc Machine Learning", "B. Sc. (Hons)", "Ingeniería en Sistemas", "计算机科学与技术", "Ph. D.", "Master of of in in",
		"MS in CS (AI) – (Online) – (Part-time)", "MBA with a concentration in Data Science", "X, Specialization in (Y: Z] – Track", "((()))::--,,"} {
		f.Add(s, "University of X")
	}
	f.Fuzz(func(t *testing.T, program, institution string) {
		a := Analyze(program, institution)
		for _, w := range a.Field {
			if w == "" || noise[w] {
				t.Fatalf("Analyze(%q) field word %q", program, w)
			}
		}
		if len(a.Concentrations) > maxConcentrations {
			t.Fatalf("Analyze(%q) has %d concentrations, want at most %d", program, len(a.Concentrations), maxConcentrations)
		}
		for _, c := range a.Concentrations {
			if len(c) == 0 {
				t.Fatalf("Analyze(%q) has an empty concentration", program)
			}
			for _, w := range c {
				if w == "" || noise[w] || concentrationWords[w] {
					t.Fatalf("Analyze(%q) concentration word %q", program, w)
				}
			}
		}
	})
}
