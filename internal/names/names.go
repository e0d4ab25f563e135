// Package names decides the CloudFormation logical IDs of every resource
// efsfargate writes, for both forms and for the spec validator, which must
// know them to refuse clashes (a parameter named like a resource, two
// volumes that give the same ID). It imports nothing of AWS.
package names

import "strconv"

// Logical IDs of the project-wide resources.
const (
	FileSystem              = "FileSystem"
	FileSystemSecurityGroup = "FileSystemSecurityGroup"
	// Namespace is the private DNS namespace services find each other in.
	Namespace   = "ServiceDiscoveryNamespace"
	mountTarget = "MountTarget"
)

// MountTarget is the logical ID of the i-th mount target (0-based):
// MountTarget1, MountTarget2 …
func MountTarget(i int) string { return mountTarget + strconv.Itoa(i+1) }

// AccessPoint is <V>AccessPoint for the volume named name.
func AccessPoint(volume string) string { return LogicalName(volume) + "AccessPoint" }

// Service gives the logical IDs of one service's resources, all starting
// with the service's prefix (empty for the reference stack, which keeps the
// guide's IDs).
type Service struct{ Prefix string }

func (s Service) TaskSecurityGroup() string { return s.Prefix + "TaskSecurityGroup" }
func (s Service) EFSIngressRule() string    { return s.Prefix + "EFSIngressRule" }
func (s Service) LogGroup() string          { return s.Prefix + "LogGroup" }
func (s Service) TaskRole() string          { return s.Prefix + "TaskRole" }
func (s Service) ExecutionRole() string     { return s.Prefix + "ExecutionRole" }
func (s Service) TaskDefinition() string    { return s.Prefix + "TaskDefinition" }
func (s Service) Service() string           { return s.Prefix + "Service" }
func (s Service) DiscoveryService() string  { return s.Prefix + "DiscoveryService" }

// IngressFrom is the rule on this service's tasks that admits client's.
func (s Service) IngressFrom(client Service) string {
	return s.Prefix + "From" + client.Prefix + "IngressRule"
}

// Suffixes lists what Service appends to a prefix, for clash checks.
var Suffixes = []string{"TaskSecurityGroup", "EFSIngressRule", "LogGroup", "TaskRole", "ExecutionRole", "TaskDefinition", "Service", "DiscoveryService"}

// LogicalName turns a name like "web-app" or "data_store" into a logical-ID
// fragment like "WebApp" or "DataStore": ASCII letters and digits are kept,
// every other character starts a new word.
func LogicalName(name string) string {
	out := make([]byte, 0, len(name))
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z':
			if upper {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			upper = false
		case (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
			out = append(out, c)
			upper = false
		default:
			upper = true
		}
	}
	return string(out)
}
