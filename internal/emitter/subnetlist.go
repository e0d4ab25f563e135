package emitter

import (
	"encoding/json"
	"errors"

	"github.com/awslabs/goformation/v7/cloudformation/ecs"
)

// serviceWithSubnetList is an ECS service whose subnets are one intrinsic
// that yields a list, such as the Ref of a List<AWS::EC2::Subnet::Id>
// parameter. goformation types AwsvpcConfiguration.Subnets as []string, which
// can only hold one intrinsic per element (goformation issue #678), so
// MarshalJSON writes Subnets in place of that list. The value is the encoded
// string of goformation's helpers, so template.JSON() and YAML() decode it
// like every other intrinsic.
type serviceWithSubnetList struct {
	*ecs.Service
	// Subnets is an encoded intrinsic, e.g. cloudformation.Ref("SubnetIds").
	Subnets string
}

// MarshalJSON marshals the service as goformation does, then sets
// Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets.
func (s *serviceWithSubnetList) MarshalJSON() ([]byte, error) {
	if s.Service == nil {
		return nil, errors.New("service with a subnet list has no service")
	}
	if s.NetworkConfiguration == nil || s.NetworkConfiguration.AwsvpcConfiguration == nil {
		return nil, errors.New("service with a subnet list has no AwsvpcConfiguration")
	}
	if len(s.NetworkConfiguration.AwsvpcConfiguration.Subnets) > 0 {
		return nil, errors.New("service with a subnet list also lists subnets")
	}
	raw, err := s.Service.MarshalJSON()
	if err != nil {
		return nil, err
	}
	subnets, err := json.Marshal(s.Subnets)
	if err != nil {
		return nil, err
	}
	return setJSONPath(raw, subnets, "Properties", "NetworkConfiguration", "AwsvpcConfiguration", "Subnets")
}

// setJSONPath returns doc with the member at path (objects only) set to v.
func setJSONPath(doc, v json.RawMessage, path ...string) (json.RawMessage, error) {
	if len(path) == 0 {
		return v, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(doc, &obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("no object at " + path[0])
	}
	child, ok := obj[path[0]]
	if !ok && len(path) > 1 {
		return nil, errors.New("no member " + path[0])
	}
	child, err := setJSONPath(child, v, path[1:]...)
	if err != nil {
		return nil, err
	}
	obj[path[0]] = child
	return json.Marshal(obj)
}
