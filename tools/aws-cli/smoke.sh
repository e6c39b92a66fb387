#!/usr/bin/env bash
# The AWS CLI against a running server, as a platform team would use it:
# `aws iam …` and `aws sts …` with nothing but the endpoint changed, JSON
# output with the CLI's own pagination, and a role profile (role_arn +
# source_profile) whose credentials the CLI gets from our AssumeRole.
#
#   IAM_ENDPOINT=http://127.0.0.1:8080 AWS_ACCESS_KEY_ID=AKIA… AWS_SECRET_ACCESS_KEY=… tools/aws-cli/smoke.sh
#
# Needs an empty-ish account to work in: every name it makes carries a fresh prefix.
set -euo pipefail
: "${IAM_ENDPOINT:?IAM_ENDPOINT must be the server URL}"
: "${AWS_ACCESS_KEY_ID:?AWS_ACCESS_KEY_ID must be a root or admin key}"
: "${AWS_SECRET_ACCESS_KEY:?AWS_SECRET_ACCESS_KEY must be set}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export AWS_CONFIG_FILE="$work/config" AWS_SHARED_CREDENTIALS_FILE="$work/credentials"
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER='' AWS_MAX_ATTEMPTS=1
unset AWS_PROFILE AWS_SESSION_TOKEN
touch "$AWS_CONFIG_FILE" "$AWS_SHARED_CREDENTIALS_FILE"
p="smoke$(date +%s)$RANDOM"

aws_() { aws --endpoint-url "$IAM_ENDPOINT" --output json "$@"; }
# The compact text of a JSON answer (whitespace dropped), to compare with what is expected.
compact() { tr -d ' \n\t'; }
expect_eq() {
  if [[ "$2" != "$3" ]]; then
    echo "FAIL $1: expected $3, got $2" >&2
    exit 1
  fi
  echo "ok   $1"
}

account="$(aws_ sts get-caller-identity --query Account --output text)"
expect_eq "root's get-caller-identity" "$(aws_ sts get-caller-identity --query Arn --output text)" \
  "arn:aws:iam::$account:root"

# Users, and the CLI's pagination: --page-size follows Marker, --max-items hands out a NextToken.
for name in a b c; do aws_ iam create-user --user-name "$p-$name" --path "/$p/" >/dev/null; done
expect_eq "list-users --page-size 1" \
  "$(aws_ iam list-users --path-prefix "/$p/" --page-size 1 --query 'Users[].UserName' | compact)" \
  "[\"$p-a\",\"$p-b\",\"$p-c\"]"
# (--query drops the NextToken the CLI adds, so it is read from the whole answer.)
first_two="$(aws_ iam list-users --path-prefix "/$p/" --max-items 2)"
token="$(sed -n 's/^ *"NextToken": "\([^"]*\)".*/\1/p' <<<"$first_two")"
expect_eq "list-users --max-items 2" "$(grep -c '"UserName"' <<<"$first_two")" 2
expect_eq "list-users --starting-token" \
  "$(aws_ iam list-users --path-prefix "/$p/" --starting-token "$token" --query 'Users[].UserName' | compact)" \
  "[\"$p-c\"]"
aws_ iam tag-user --user-name "$p-a" --tags Key=team,Value=ops
aws_ iam create-group --group-name "$p-admins" >/dev/null
aws_ iam add-user-to-group --group-name "$p-admins" --user-name "$p-a"
expect_eq "get-group" "$(aws_ iam get-group --group-name "$p-admins" --query 'Users[].UserName' | compact)" \
  "[\"$p-a\"]"

# A policy for the group, a role that trusts the user, a policy for the role.
admin_arn="$(aws_ iam create-policy --policy-name "$p-Admin" --query Policy.Arn --output text \
  --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","sts:*"],"Resource":"*"}]}')"
aws_ iam attach-group-policy --group-name "$p-admins" --policy-arn "$admin_arn"
user_arn="arn:aws:iam::$account:user/$p/$p-a"
role_arn="$(aws_ iam create-role --role-name "$p-Role" --query Role.Arn --output text \
  --assume-role-policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"$user_arn\"},\"Action\":\"sts:AssumeRole\"}]}")"
read_arn="$(aws_ iam create-policy --policy-name "$p-Read" --query Policy.Arn --output text \
  --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListUsers"],"Resource":"*"}]}')"
aws_ iam attach-role-policy --role-name "$p-Role" --policy-arn "$read_arn"
expect_eq "list-attached-role-policies" \
  "$(aws_ iam list-attached-role-policies --role-name "$p-Role" --query 'AttachedPolicies[].PolicyName' | compact)" \
  "[\"$p-Read\"]"

# The user's key in a credentials file, and a role profile the CLI assumes through our STS.
read -r key_id secret < <(aws_ iam create-access-key --user-name "$p-a" \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)
cat >"$AWS_SHARED_CREDENTIALS_FILE" <<INI
[user]
aws_access_key_id = $key_id
aws_secret_access_key = $secret
INI
cat >"$AWS_CONFIG_FILE" <<INI
[profile user]
region = us-east-1
endpoint_url = $IAM_ENDPOINT

[profile role]
role_arn = $role_arn
source_profile = user
role_session_name = $p-session
region = us-east-1
endpoint_url = $IAM_ENDPOINT
INI
as_profile() { env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY aws --output json --profile "$@"; }
expect_eq "get-caller-identity --profile user" \
  "$(as_profile user sts get-caller-identity --query Arn --output text)" "$user_arn"
expect_eq "get-caller-identity --profile role" \
  "$(as_profile role sts get-caller-identity --query Arn --output text)" \
  "arn:aws:sts::$account:assumed-role/$p-Role/$p-session"
expect_eq "get-user --profile role" \
  "$(as_profile role iam get-user --user-name "$p-b" --query User.UserName --output text)" "$p-b"

# An OIDC provider (an internal issuer with a port): create, list, get, delete.
oidc_arn="$(aws_ iam create-open-id-connect-provider --url "https://$p.issuer.internal:8443/realms/dev" \
  --client-id-list ci --thumbprint-list "$(printf 'a%.0s' {1..40})" --query OpenIDConnectProviderArn --output text)"
expect_eq "create-open-id-connect-provider" "$oidc_arn" \
  "arn:aws:iam::$account:oidc-provider/$p.issuer.internal:8443/realms/dev"
expect_eq "list-open-id-connect-providers" \
  "$(aws_ iam list-open-id-connect-providers --query "OpenIDConnectProviderList[?Arn=='$oidc_arn'].Arn" --output text)" \
  "$oidc_arn"
expect_eq "get-open-id-connect-provider" \
  "$(aws_ iam get-open-id-connect-provider --open-id-connect-provider-arn "$oidc_arn" --query ClientIDList | compact)" \
  '["ci"]'
aws_ iam delete-open-id-connect-provider --open-id-connect-provider-arn "$oidc_arn"
expect_eq "delete-open-id-connect-provider" \
  "$(aws_ iam list-open-id-connect-providers --query "length(OpenIDConnectProviderList[?Arn=='$oidc_arn'])")" 0

# Errors: AWS's codes on stderr, a failing exit code.
expect_error() {
  local what="$1" code="$2" err
  shift 2
  if err="$("$@" 2>&1 >/dev/null)"; then
    echo "FAIL $what: succeeded, expected $code" >&2
    exit 1
  fi
  if [[ "$err" != *"$code"* ]]; then
    echo "FAIL $what: expected $code, got: $err" >&2
    exit 1
  fi
  echo "ok   $what ($code)"
}
expect_error "get-user of nobody" NoSuchEntity aws_ iam get-user --user-name "$p-nobody"
expect_error "create-user twice" EntityAlreadyExists aws_ iam create-user --user-name "$p-a"
expect_error "role session creates a user" AccessDenied as_profile role iam create-user --user-name "$p-x"
expect_error "an action we do not have" InvalidAction aws_ iam list-signing-certificates
echo "smoke: all passed"
