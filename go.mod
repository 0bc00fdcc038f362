module github.com/careerpath/careerpath

go 1.26.8
