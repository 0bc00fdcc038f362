package jobtitle

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Machine Learning Engineer", "machine learning engineer"},
		{"ML Engineer", "machine learning engineer"},
		{"ml engineer", "machine learning engineer"},
		{"  ML\tEngineer ", "machine learning engineer"},
		{"Machine  Learning   Engineer", "machine learning engineer"},
		{"AI Engineer", "artificial intelligence engineer"},
		{"Artificial Intelligence Engineer", "artificial intelligence engineer"},
		{"Applied AI ML Lead", "applied artificial intelligence machine learning lead"},
		{"Head of AI", "head of artificial intelligence"},
		{"HTML Developer", "html developer"},   // "ml" only as a word
		{"Mail Clerk", "mail clerk"},           // "ai" only as a word
		{"AIML Engineer", "aiml engineer"},     // not two words
		{"BI Developer", "bi developer"},       // only ML and AI are expanded
		{"Data Scientists", "data scientists"}, // no stemming
		{"NLP Engineer", "nlp engineer"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeEquivalent(t *testing.T) {
	pairs := [][2]string{
		{"ML Engineer", "Machine Learning Engineer"},
		{"AI Engineer", "Artificial Intelligence Engineer"},
		{"AI Machine Learning Engineer", "Artificial Intelligence ML Engineer"},
	}
	for _, p := range pairs {
		if a, b := Normalize(p[0]), Normalize(p[1]); a != b {
			t.Errorf("Normalize(%q) = %q, Normalize(%q) = %q, want equal", p[0], a, p[1], b)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("ML Engineer")
	f.Add(" ai  ")
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q (idempotent)", s, Normalize(n), n)
		}
	})
}
