package opendata

import careerpath "github.com/careerpath/careerpath"

// Dataset IDs, used as keys in the database and in the API.
const (
	DatasetONET        = "onet"
	DatasetOEWS        = "bls-oews"
	DatasetProjections = "bls-projections"
	DatasetCIP         = "cip"
	DatasetCrosswalk   = "cip-soc"
	DatasetCompletions = "ipeds-completions"
	DatasetTrends      = "ipeds-completions-trend"
	DatasetInstitution = "ipeds-institutions"
	DatasetTuition     = "ipeds-tuition"
	DatasetGradTuition = "ipeds-grad-tuition"
	DatasetZIP         = "zip-centroids"
	DatasetDistance    = "ipeds-distance"
	DatasetScorecard   = "scorecard-fos"
	DatasetScorecardFS = "scorecard-fos-full"
	DatasetSalaries    = "salary-survey"
	DatasetWorldUnis   = "world-universities"
	DatasetPrograms    = "programs"
)

// ONETAttribution is the text the O*NET licence requires wherever its data
// is shown.
const ONETAttribution = "This site incorporates information from the O*NET 29.3 Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."

// Datasets returns the description of every bundled dataset, in import
// order. Files are paths inside the data release (see package data).
func Datasets() []careerpath.Dataset {
	return []careerpath.Dataset{
		{
			ID: DatasetONET, Title: "O*NET 29.3 Database: occupations, job zones, tasks, technology skills, skill and knowledge ratings",
			Publisher: "U.S. Department of Labor, Employment and Training Administration", AsOf: "2025-05",
			License: "CC BY 4.0", Attribution: ONETAttribution, URL: "https://www.onetcenter.org/database.html",
			Files: []string{"onet-29.3/occupation_data.txt", "onet-29.3/job_zones.txt", "onet-29.3/job_zone_reference.txt", "onet-29.3/task_statements.txt.gz", "onet-29.3/technology_skills.txt.gz", "onet-29.3/skills_importance_level.tsv.gz", "onet-29.3/knowledge_importance_level.tsv.gz"},
		},
		{
			ID: DatasetOEWS, Title: "Occupational Employment and Wage Statistics, national, May 2024",
			Publisher: "U.S. Bureau of Labor Statistics", AsOf: "2024-05",
			License: "Public domain (U.S. federal work)", Attribution: "U.S. Bureau of Labor Statistics, OEWS May 2024",
			URL: "https://www.bls.gov/oes/", Files: []string{"bls-oews-2024/national_M2024.csv"},
		},
		{
			ID: DatasetProjections, Title: "Employment Projections 2024–34, occupations (Table 1.2)",
			Publisher: "U.S. Bureau of Labor Statistics", AsOf: "2024 (projected to 2034)",
			License: "Public domain (U.S. federal work)", Attribution: "BLS Employment Projections 2024–34",
			URL: "https://www.bls.gov/emp/", Files: []string{"bls-projections-2024-34/occupation_projections_2024_2034.csv"},
		},
		{
			ID: DatasetCIP, Title: "Classification of Instructional Programs (CIP) 2020",
			Publisher: "National Center for Education Statistics", AsOf: "2020",
			License: "Public domain (U.S. federal work)", Attribution: "NCES, CIP 2020",
			URL: "https://nces.ed.gov/ipeds/cipcode/", Files: []string{"cip-2020/CIPCode2020.csv.gz"},
		},
		{
			ID: DatasetCrosswalk, Title: "CIP 2020 to SOC 2018 crosswalk",
			Publisher: "NCES and U.S. Bureau of Labor Statistics", AsOf: "2020",
			License: "Public domain (U.S. federal work)", Attribution: "NCES/BLS CIP–SOC crosswalk",
			URL: "https://nces.ed.gov/ipeds/cipcode/resources.aspx?y=56", Files: []string{"cip-soc-2020/cip2020_soc2018_crosswalk.csv"},
		},
		{
			ID: DatasetCompletions, Title: "IPEDS Completions 2024: completers by institution, field of study (6-digit CIP) and award level",
			Publisher: "National Center for Education Statistics, IPEDS", AsOf: "2023-24 academic year",
			License: "Public domain (U.S. federal work)", Attribution: "NCES IPEDS Completions 2024",
			URL: "https://nces.ed.gov/ipeds/datacenter/", Files: []string{"ipeds/c2024_a.csv.gz"},
		},
		{
			ID: DatasetTrends, Title: "IPEDS Completions 2020–2024, computing, engineering, mathematics, statistics and data fields",
			Publisher: "National Center for Education Statistics, IPEDS", AsOf: "2020–2024",
			License: "Public domain (U.S. federal work)", Attribution: "NCES IPEDS Completions 2020–2024",
			URL: "https://nces.ed.gov/ipeds/datacenter/", Files: []string{"ipeds/c2020_2024_a_tech_fields.csv.gz"},
		},
		{
			ID: DatasetInstitution, Title: "IPEDS Institutional Characteristics: directory 2024",
			Publisher: "National Center for Education Statistics, IPEDS", AsOf: "2024",
			License: "Public domain (U.S. federal work)", Attribution: "NCES IPEDS HD2024",
			URL: "https://nces.ed.gov/ipeds/datacenter/", Files: []string{"ipeds/hd2024.csv.gz"},
		},
		{
			ID: DatasetTuition, Title: "IPEDS undergraduate tuition and fees 2023-24, in-state and out-of-state",
			Publisher: "National Center for Education Statistics, IPEDS (file prepared in an MIT-licensed project)", AsOf: "2023-24",
			License: "Public domain data; file MIT", Attribution: "NCES IPEDS tuition and fees 2023-24",
			URL: "https://nces.ed.gov/ipeds/datacenter/", Files: []string{"ipeds/tuition_fees_2023_24.csv"},
		},
		{
			ID: DatasetGradTuition, Title: "IPEDS Institutional Characteristics, student charges 2022-23: average graduate tuition, in-state and out-of-state",
			Publisher: "National Center for Education Statistics, IPEDS", AsOf: "2022-23",
			License: "Public domain (U.S. federal work)", Attribution: "NCES IPEDS, Institutional Characteristics 2022-23",
			URL: "https://nces.ed.gov/ipeds/datacenter/", Files: []string{"ipeds/ic2022_ay.csv.gz"},
		},
		{
			ID: DatasetDistance, Title: "IPEDS enrolment in distance education 2020–2024",
			Publisher: "National Center for Education Statistics, IPEDS (file prepared in an MIT-licensed project)", AsOf: "Fall 2020 – Fall 2024",
			License: "Public domain data; file MIT", Attribution: "NCES IPEDS Fall Enrollment, distance education",
			URL: "https://nces.ed.gov/ipeds/datacenter/", Files: []string{"ipeds/distance_enrollment_2020_2024.csv"},
		},
		{
			ID: DatasetScorecard, Title: "College Scorecard field of study, bachelor's degrees: median earnings and debt",
			Publisher: "U.S. Department of Education", AsOf: "2023-09 release",
			License: "Public domain (U.S. federal work)", Attribution: "U.S. Department of Education, College Scorecard",
			URL: "https://collegescorecard.ed.gov/data/", Files: []string{"scorecard/fos_bachelors_2023.csv.gz"},
		},
		{
			ID: DatasetScorecardFS, Title: "College Scorecard field of study, full schema (one institution, fixture)",
			Publisher: "U.S. Department of Education", AsOf: "2023-09 release",
			License: "Public domain (U.S. federal work)", Attribution: "U.S. Department of Education, College Scorecard",
			URL: "https://collegescorecard.ed.gov/data/", Files: []string{"scorecard/fos_full_schema_one_institution.csv.gz"},
		},
		{
			ID: DatasetSalaries, Title: "AI, ML and data salaries survey (self-reported base salary)",
			Publisher: "ai-jobs.net salary survey", AsOf: "2025-01-19 snapshot",
			License: "CC0 1.0", Attribution: "AI/ML/data salaries survey, CC0",
			URL: "https://aijobs.net/salaries/download/", Files: []string{"aijobs-salaries/salaries_2025-01-19.csv.gz"},
		},
		{
			ID: DatasetWorldUnis, Title: "World universities with country and web domains",
			Publisher: "Hipo university-domains-list contributors", AsOf: "bundled snapshot",
			License: "MIT", Attribution: "university-domains-list, MIT licence",
			URL: "https://github.com/Hipo/university-domains-list", Files: []string{"world-universities/world_universities_and_domains.json.gz"},
		},
		{
			ID: DatasetZIP, Title: "US ZIP codes with approximate centroids (2000-era Census ZIP code tabulation areas)",
			Publisher: "free_zipcode_data contributors (midwire), from U.S. Census Bureau gazetteers", AsOf: "2011 compilation",
			License: "MIT (compilation); Census data public domain", Attribution: "midwire/free_zipcode_data, MIT; U.S. Census Bureau",
			URL: "https://github.com/midwire/free_zipcode_data", Files: []string{"zip-centroids/us_zip_centroids.csv.gz"},
		},
		{
			ID: DatasetPrograms, Title: "US program catalog: one program per institution, field of study (6-digit CIP) and award level",
			Publisher: "careerpath, derived at import from IPEDS Completions, the IPEDS directory, CIP 2020 and the College Scorecard", AsOf: "2023-24 academic year",
			License: "Derived from the public-domain sources above", Attribution: "NCES IPEDS; U.S. Department of Education, College Scorecard",
			URL: "/sources#" + DatasetCompletions,
		},
	}
}
