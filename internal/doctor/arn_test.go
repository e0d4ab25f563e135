package doctor

import "testing"

func TestMatchARN(t *testing.T) {
	src, err := LoadBytes("t.yaml", []byte(`
Parameters:
  FsId: {Type: String}
  DefId: {Type: String, Default: fs-0abc123def456789}
Resources:
  FileSystem: {Type: AWS::EFS::FileSystem}
  Other: {Type: AWS::EFS::FileSystem}
  AP: {Type: AWS::EFS::AccessPoint}
  V:
    Type: Custom::V
    Properties:
      Star: '*'
      AllFS: arn:aws:elasticfilesystem:*:*:file-system/*
      Literal: arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0abc123def456789
      OtherLiteral: arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0fff000111222333a
      SubRes: !Sub arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystem}
      SubOther: !Sub arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${Other}
      AttArn: !GetAtt FileSystem.Arn
      SubParam: !Sub arn:aws:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FsId}
      ArnParam: !Ref FsId
      S3: arn:aws:s3:::bucket/*
      APArn: !GetAtt AP.Arn
      APSub: !Sub arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/fsap-0abc123def4567890
      IdRes: !Ref FileSystem
      IdLit: fs-0abc123def456789
      IdParam: !Ref FsId
      IdDefault: !Ref DefId
      IdAP: !Ref AP
      IdAPLit: fsap-0abc123def4567890
`))
	if err != nil {
		t.Fatal(err)
	}
	tpl := newTemplate(src)
	r := resolver{tpl}
	p := tpl.Resources["V"].Props
	v := func(k string) Val { return r.eval(p.Get(k)) }
	cases := []struct {
		pattern, kind, id string
		want              tri
	}{
		{"Star", "file-system", "IdRes", yes},
		{"AllFS", "file-system", "IdRes", yes},
		{"AllFS", "file-system", "IdParam", yes},
		{"Literal", "file-system", "IdLit", yes},
		{"OtherLiteral", "file-system", "IdLit", no},
		{"Literal", "file-system", "IdRes", no},
		{"Literal", "file-system", "IdParam", maybe},
		{"Literal", "file-system", "IdDefault", maybe},
		{"SubRes", "file-system", "IdRes", yes},
		{"SubOther", "file-system", "IdRes", no},
		{"AttArn", "file-system", "IdRes", yes},
		{"AttArn", "file-system", "IdLit", no},
		{"SubParam", "file-system", "IdParam", yes},
		{"SubParam", "file-system", "IdRes", maybe},
		{"ArnParam", "file-system", "IdRes", maybe},
		{"S3", "file-system", "IdLit", no},
		{"APArn", "access-point", "IdAP", yes},
		{"APArn", "access-point", "IdAPLit", no},
		{"APSub", "access-point", "IdAPLit", yes},
		{"APSub", "access-point", "IdAP", no},
	}
	for _, c := range cases {
		got, why := matchARN(v(c.pattern), c.kind, v(c.id))
		if got != c.want {
			t.Errorf("matchARN(%s, %s, %s) = %v (%s), want %v", c.pattern, c.kind, c.id, got, why, c.want)
		}
		if got == maybe && why == "" {
			t.Errorf("matchARN(%s, %s): maybe without a reason", c.pattern, c.id)
		}
	}
}

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		p, s string
		want bool
	}{
		{"elasticfilesystem:client*", "elasticfilesystem:clientmount", true},
		{"elasticfilesystem:*", "elasticfilesystem:clientrootaccess", true},
		{"*", "anything", true},
		{"elasticfilesystem:clientmoun?", "elasticfilesystem:clientmount", true},
		{"elasticfilesystem:clientwrite", "elasticfilesystem:clientmount", false},
		{"s3:*", "elasticfilesystem:clientmount", false},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXbYY", false},
	}
	for _, c := range cases {
		if got := globMatch(c.p, c.s); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v", c.p, c.s, got)
		}
	}
}
