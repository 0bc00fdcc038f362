package catalog

import (
	"strings"
	"unicode"

	careerpath "github.com/careerpath/careerpath"
)

// degreeWords maps the words and abbreviations providers write for a degree
// (lower case, dots and apostrophes removed) to an IPEDS award level.
var degreeWords = map[string]int{
	"associate": careerpath.AwardAssociate, "associates": careerpath.AwardAssociate,
	"aa": careerpath.AwardAssociate, "as": careerpath.AwardAssociate, "aas": careerpath.AwardAssociate,

	"bachelor": careerpath.AwardBachelor, "bachelors": careerpath.AwardBachelor,
	"ba": careerpath.AwardBachelor, "bs": careerpath.AwardBachelor, "bsc": careerpath.AwardBachelor,
	"beng": careerpath.AwardBachelor, "bfa": careerpath.AwardBachelor, "bba": careerpath.AwardBachelor,
	"btech": careerpath.AwardBachelor, "bcs": careerpath.AwardBachelor, "bcomp": careerpath.AwardBachelor,
	"bsba": careerpath.AwardBachelor, "llb": careerpath.AwardBachelor, "bmath": careerpath.AwardBachelor,

	"master": careerpath.AwardMaster, "masters": careerpath.AwardMaster,
	"ms": careerpath.AwardMaster, "msc": careerpath.AwardMaster, "ma": careerpath.AwardMaster,
	"meng": careerpath.AwardMaster, "mba": careerpath.AwardMaster, "mphil": careerpath.AwardMaster,
	"mres": careerpath.AwardMaster, "mfa": careerpath.AwardMaster, "mpa": careerpath.AwardMaster,
	"mph": careerpath.AwardMaster, "mtech": careerpath.AwardMaster, "mcs": careerpath.AwardMaster,
	"med": careerpath.AwardMaster, "llm": careerpath.AwardMaster, "mds": careerpath.AwardMaster,
	"mads": careerpath.AwardMaster, "mim": careerpath.AwardMaster, "msds": careerpath.AwardMaster,
	"mscs": careerpath.AwardMaster, "mise": careerpath.AwardMaster, "mmath": careerpath.AwardMaster,

	"phd": careerpath.AwardDoctorResearch, "dphil": careerpath.AwardDoctorResearch,
	"doctorate": careerpath.AwardDoctorResearch, "doctoral": careerpath.AwardDoctorResearch,
	"doctor": careerpath.AwardDoctorResearch, "edd": careerpath.AwardDoctorResearch,
	"dba": careerpath.AwardDoctorResearch, "dsc": careerpath.AwardDoctorResearch, "dng": careerpath.AwardDoctorResearch,

	"md": careerpath.AwardDoctorProfession, "jd": careerpath.AwardDoctorProfession,
	"pharmd": careerpath.AwardDoctorProfession, "psyd": careerpath.AwardDoctorProfession,
	"dnp": careerpath.AwardDoctorProfession, "dpt": careerpath.AwardDoctorProfession,
	"dds": careerpath.AwardDoctorProfession, "dmd": careerpath.AwardDoctorProfession,
	"dvm": careerpath.AwardDoctorProfession, "aud": careerpath.AwardDoctorProfession,
}

// AwardOf reads the IPEDS award level of a catalog entry from its degree,
// or, where the degree is empty, from the first words of the program name
// ("MSc Data Science", "Bachelor of Science in ..."). A certificate or
// diploma is placed by its duration where known. It returns 0 where it
// cannot tell.
func AwardOf(degree, program string, years *float64) int {
	if degree != "" {
		w := words(degree)
		return awardOfWords(w, years, len(w))
	}
	w := words(program)
	return awardOfWords(w, years, min(len(w), 2))
}

// awardOfWords looks for a degree word among the first n words.
func awardOfWords(w []string, years *float64, n int) int {
	text := " " + strings.Join(w, " ") + " "
	switch {
	case strings.Contains(text, " post master"), strings.Contains(text, " postmaster"):
		return careerpath.AwardPostMasterCert
	case strings.Contains(text, " postgraduate cert"), strings.Contains(text, " postgraduate dip"),
		strings.Contains(text, " graduate cert"), strings.Contains(text, " graduate dip"),
		strings.Contains(text, " post baccalaureate"), strings.Contains(text, " postbaccalaureate"),
		strings.Contains(text, " pgcert "), strings.Contains(text, " pgdip "):
		return careerpath.AwardPostbacCert
	}
	for i := 0; i < n && i < len(w); i++ {
		if a, ok := degreeWords[w[i]]; ok {
			return a
		}
	}
	for i := 0; i < n && i < len(w); i++ {
		if w[i] == "certificate" || w[i] == "diploma" || w[i] == "cert" {
			return certificateLevel(years)
		}
	}
	return 0
}

// certificateLevel places a sub-degree certificate by its length.
func certificateLevel(years *float64) int {
	switch {
	case years == nil:
		return 0
	case *years < 0.25:
		return careerpath.AwardCertUnder12Weeks
	case *years < 1:
		return careerpath.AwardCertUnder1Year
	case *years < 2:
		return careerpath.AwardCert1To2Years
	}
	return careerpath.AwardCert2To4Years
}

var degreeReplacer = strings.NewReplacer(".", "", "'", "", "’", "", "-", " ")

// words splits text into lower-case words, dropping dots and apostrophes
// so that "M.S." reads "ms" and "Master's" reads "masters".
func words(s string) []string {
	s = degreeReplacer.Replace(strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
