
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sessionpool' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sessionpool'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sessionpool' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a session pool')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a session pool')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Update a session pool')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a session pool')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List session pools')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Send one HTTP request to a session (by identifier) and print the response body')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'List, show and stop sessions of a pool')
            [CompletionResult]::new('code', 'code', [CompletionResultType]::ParameterValue, 'Run code in a code interpreter (PythonLTS) session')
            [CompletionResult]::new('files', 'files', [CompletionResultType]::ParameterValue, 'Upload, list, download and delete files in a code interpreter session''s /mnt/data')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the console output (stdout/stderr) of a pool''s sessions')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'Watch pools and sessions live: counts against targets, sessions'' age, idle time, CPU and memory, request rates (q quits)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Mint, list and revoke API tokens')
            [CompletionResult]::new('environment', 'environment', [CompletionResultType]::ParameterValue, 'Save, list, show and remove daemon contexts (endpoint + token)')
            [CompletionResult]::new('principal', 'principal', [CompletionResultType]::ParameterValue, 'Service principals that log in to the daemon''s authority (az login, azure-identity), as `az ad sp create-for-rbac`')
            [CompletionResult]::new('signing-key', 'signing-key', [CompletionResultType]::ParameterValue, 'The authority''s token signing keys: list, rotate')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'The daemons serving these pools: nodes, leases, capacity, sessions per node')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('daemon', 'daemon', [CompletionResultType]::ParameterValue, 'Run the pool daemon in the foreground')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;create' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Location (a label on this daemon; default "local")')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Location (a label on this daemon; default "local")')
            [CompletionResult]::new('--container-type', '--container-type', [CompletionResultType]::ParameterName, 'Type of the session containers (create only). Default: PythonLTS (a code interpreter, as in az), or CustomContainer when --image, --target-port or another container flag is given')
            [CompletionResult]::new('--lifecycle-type', '--lifecycle-type', [CompletionResultType]::ParameterName, 'Timed (default) or OnContainerExit (create only)')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Space-separated tags "key=value"')
            [CompletionResult]::new('--mi-user-assigned', '--mi-user-assigned', [CompletionResultType]::ParameterName, 'User-assigned identities (accepted for compatibility; sessions get no tokens for them)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Container image, e.g. 127.0.0.1:5000/session-server:1.0')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Container image, e.g. 127.0.0.1:5000/session-server:1.0')
            [CompletionResult]::new('--container-name', '--container-name', [CompletionResultType]::ParameterName, 'Name of the session container (default: the pool name, lowercased)')
            [CompletionResult]::new('--cpu', '--cpu', [CompletionResultType]::ParameterName, 'CPU cores per session, 0.25-2.0 (default 0.25)')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory per session, 0.5Gi-4Gi, written like 1.5Gi (default 0.5Gi)')
            [CompletionResult]::new('--target-port', '--target-port', [CompletionResultType]::ParameterName, 'Port the session container listens on, 1-65535')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Command of the container (replaces the image''s entrypoint); "" clears')
            [CompletionResult]::new('--args', '--args', [CompletionResultType]::ParameterName, 'Arguments of the command (replace the image''s cmd); "" clears')
            [CompletionResult]::new('--env-vars', '--env-vars', [CompletionResultType]::ParameterName, 'Environment variables "key=value"; a value "secretref:NAME" takes secret NAME. "" clears')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back')
            [CompletionResult]::new('--registry-server', '--registry-server', [CompletionResultType]::ParameterName, 'Registry server of the image')
            [CompletionResult]::new('--registry-username', '--registry-username', [CompletionResultType]::ParameterName, 'Registry username')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry password, or "secretref:NAME". Prompted on a TTY when a username is given without it')
            [CompletionResult]::new('--registry-identity', '--registry-identity', [CompletionResultType]::ParameterName, 'Managed identity for pulls (accepted for compatibility; no local analog)')
            [CompletionResult]::new('--cooldown-period', '--cooldown-period', [CompletionResultType]::ParameterName, 'Seconds a Timed session may idle before it ends, 300-3600 (default 300)')
            [CompletionResult]::new('--max-alive-period', '--max-alive-period', [CompletionResultType]::ParameterName, 'Seconds an OnContainerExit session may live (default 3600)')
            [CompletionResult]::new('--network-status', '--network-status', [CompletionResultType]::ParameterName, 'EgressEnabled or EgressDisabled (default)')
            [CompletionResult]::new('--max-sessions', '--max-sessions', [CompletionResultType]::ParameterName, 'Most sessions allocated at once (default 10)')
            [CompletionResult]::new('--ready-sessions', '--ready-sessions', [CompletionResultType]::ParameterName, 'Sessions kept warm and ready (default 5)')
            [CompletionResult]::new('--probe-yaml', '--probe-yaml', [CompletionResultType]::ParameterName, 'YAML file with a top-level `probes:` list')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--mi-system-assigned', '--mi-system-assigned', [CompletionResultType]::ParameterName, 'Give the pool a system-assigned identity; its sessions get tokens for it from $IDENTITY_ENDPOINT with $IDENTITY_HEADER (lifecycle Main)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the long-running operation to finish')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;show' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;update' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Location cannot change; accepted for az compatibility and checked')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Location cannot change; accepted for az compatibility and checked')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Space-separated tags "key=value" (replaces the tags)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Container image, e.g. 127.0.0.1:5000/session-server:1.0')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Container image, e.g. 127.0.0.1:5000/session-server:1.0')
            [CompletionResult]::new('--container-name', '--container-name', [CompletionResultType]::ParameterName, 'Name of the session container (default: the pool name, lowercased)')
            [CompletionResult]::new('--cpu', '--cpu', [CompletionResultType]::ParameterName, 'CPU cores per session, 0.25-2.0 (default 0.25)')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory per session, 0.5Gi-4Gi, written like 1.5Gi (default 0.5Gi)')
            [CompletionResult]::new('--target-port', '--target-port', [CompletionResultType]::ParameterName, 'Port the session container listens on, 1-65535')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Command of the container (replaces the image''s entrypoint); "" clears')
            [CompletionResult]::new('--args', '--args', [CompletionResultType]::ParameterName, 'Arguments of the command (replace the image''s cmd); "" clears')
            [CompletionResult]::new('--env-vars', '--env-vars', [CompletionResultType]::ParameterName, 'Environment variables "key=value"; a value "secretref:NAME" takes secret NAME. "" clears')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back')
            [CompletionResult]::new('--registry-server', '--registry-server', [CompletionResultType]::ParameterName, 'Registry server of the image')
            [CompletionResult]::new('--registry-username', '--registry-username', [CompletionResultType]::ParameterName, 'Registry username')
            [CompletionResult]::new('--registry-password', '--registry-password', [CompletionResultType]::ParameterName, 'Registry password, or "secretref:NAME". Prompted on a TTY when a username is given without it')
            [CompletionResult]::new('--registry-identity', '--registry-identity', [CompletionResultType]::ParameterName, 'Managed identity for pulls (accepted for compatibility; no local analog)')
            [CompletionResult]::new('--cooldown-period', '--cooldown-period', [CompletionResultType]::ParameterName, 'Seconds a Timed session may idle before it ends, 300-3600 (default 300)')
            [CompletionResult]::new('--max-alive-period', '--max-alive-period', [CompletionResultType]::ParameterName, 'Seconds an OnContainerExit session may live (default 3600)')
            [CompletionResult]::new('--network-status', '--network-status', [CompletionResultType]::ParameterName, 'EgressEnabled or EgressDisabled (default)')
            [CompletionResult]::new('--max-sessions', '--max-sessions', [CompletionResultType]::ParameterName, 'Most sessions allocated at once (default 10)')
            [CompletionResult]::new('--ready-sessions', '--ready-sessions', [CompletionResultType]::ParameterName, 'Sessions kept warm and ready (default 5)')
            [CompletionResult]::new('--probe-yaml', '--probe-yaml', [CompletionResultType]::ParameterName, 'YAML file with a top-level `probes:` list')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the long-running operation to finish')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;delete' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not prompt for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not prompt for confirmation')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the long-running operation to finish')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;list' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group (default: every pool)')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group (default: every pool)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;invoke' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'The session identifier (4-128 characters)')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'HTTP method (default: POST with --data, else GET)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method (default: POST with --data, else GET)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Path inside the container, e.g. /api/execute (default /)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Request body: JSON text, @FILE, or - for standard input')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Request body: JSON text, @FILE, or - for standard input')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra header ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header ''Name: value'' (repeatable)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;session' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sessions of a pool')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one session')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'End a session now; its identifier starts afresh on its next request')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;session;list' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;session;show' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'identifier')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;session;stop' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'identifier')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;session;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sessions of a pool')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one session')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'End a session now; its identifier starts afresh on its next request')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;session;help;list' {
            break
        }
        'sessionpool;session;help;show' {
            break
        }
        'sessionpool;session;help;stop' {
            break
        }
        'sessionpool;session;help;help' {
            break
        }
        'sessionpool;code' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('execute', 'execute', [CompletionResultType]::ParameterValue, 'Execute code in the identifier''s session (state persists between calls)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;code;execute' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'The session identifier (4-128 characters)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The code to run')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A file holding the code to run (- for standard input)')
            [CompletionResult]::new('--timeout-in-seconds', '--timeout-in-seconds', [CompletionResultType]::ParameterName, 'Seconds the code may run before it is interrupted (1-220; default 220)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;code;help' {
            [CompletionResult]::new('execute', 'execute', [CompletionResultType]::ParameterValue, 'Execute code in the identifier''s session (state persists between calls)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;code;help;execute' {
            break
        }
        'sessionpool;code;help;help' {
            break
        }
        'sessionpool;files' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload a local file into /mnt/data')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the files in /mnt/data')
            [CompletionResult]::new('download', 'download', [CompletionResultType]::ParameterValue, 'Download a file from /mnt/data')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a file from /mnt/data')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;files;upload' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'identifier')
            [CompletionResult]::new('--filepath', '--filepath', [CompletionResultType]::ParameterName, 'The local file to upload')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Its name in /mnt/data (default: the local file''s name)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;files;list' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'identifier')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;files;download' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'identifier')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'The file''s name in /mnt/data')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Where to write it (default: standard output)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;files;delete' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'identifier')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'The file''s name in /mnt/data')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;files;help' {
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload a local file into /mnt/data')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the files in /mnt/data')
            [CompletionResult]::new('download', 'download', [CompletionResultType]::ParameterValue, 'Download a file from /mnt/data')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a file from /mnt/data')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;files;help;upload' {
            break
        }
        'sessionpool;files;help;list' {
            break
        }
        'sessionpool;files;help;download' {
            break
        }
        'sessionpool;files;help;delete' {
            break
        }
        'sessionpool;files;help;help' {
            break
        }
        'sessionpool;logs' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The session pool name')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Name of resource group')
            [CompletionResult]::new('--identifier', '--identifier', [CompletionResultType]::ParameterName, 'Only this session''s output')
            [CompletionResult]::new('--tail', '--tail', [CompletionResultType]::ParameterName, 'Only the last N lines (per session)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep printing new output as it comes')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep printing new output as it comes')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;top' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Only pools of this resource group (default: every pool)')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Only pools of this resource group (default: every pool)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Seconds between refreshes')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;token' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a token; it is printed once and stored only as a hash')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by id')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;token;create' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'role')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Pool of an executor token')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Pool of an executor token')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Resource group of an executor token''s pool')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Resource group of an executor token''s pool')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Lifetime, e.g. 1h, 30d (default: no expiry)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A label to recognise the token by')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessionpool;token;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;token;revoke' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;token;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a token; it is printed once and stored only as a hash')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by id')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;token;help;create' {
            break
        }
        'sessionpool;token;help;list' {
            break
        }
        'sessionpool;token;help;revoke' {
            break
        }
        'sessionpool;token;help;help' {
            break
        }
        'sessionpool;environment' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Save a daemon context: endpoint, and a token kept in the OS keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List saved contexts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one saved context (never its token)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a saved context and its token')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;environment;add' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'unix:///path.sock, http://host:port or https://host:port')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Token for TCP endpoints; `-` reads it from standard input. Not given: asked for without echo on a terminal (Enter for none). Kept in the OS keyring, or where there is none in a file only you can read (tokens.json in the config dir)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;environment;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;environment;show' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;environment;remove' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;environment;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Save a daemon context: endpoint, and a token kept in the OS keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List saved contexts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one saved context (never its token)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a saved context and its token')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;environment;help;add' {
            break
        }
        'sessionpool;environment;help;list' {
            break
        }
        'sessionpool;environment;help;show' {
            break
        }
        'sessionpool;environment;help;remove' {
            break
        }
        'sessionpool;environment;help;help' {
            break
        }
        'sessionpool;principal' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a service principal; its secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List service principals (never their secrets)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a service principal (by app or object id) and its role assignments')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;principal;create' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Display name')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'A PEM certificate (public part) to log in with instead of a secret (`@file` or a path)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Assign this role (e.g. Contributor, "Azure ContainerApps Session Executor") on every --scopes')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'Scopes of the role: a subscription, resource group or pool id')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--with-secret', '--with-secret', [CompletionResultType]::ParameterName, 'Also make a secret when --cert is given')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;principal;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;principal;delete' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'id')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;principal;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a service principal; its secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List service principals (never their secrets)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a service principal (by app or object id) and its role assignments')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;principal;help;create' {
            break
        }
        'sessionpool;principal;help;list' {
            break
        }
        'sessionpool;principal;help;delete' {
            break
        }
        'sessionpool;principal;help;help' {
            break
        }
        'sessionpool;signing-key' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys whose tokens are accepted; one of them signs')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new signing key; tokens signed by the old one stay valid until they expire')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;signing-key;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;signing-key;rotate' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;signing-key;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys whose tokens are accepted; one of them signs')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new signing key; tokens signed by the old one stay valid until they expire')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;signing-key;help;list' {
            break
        }
        'sessionpool;signing-key;help;rotate' {
            break
        }
        'sessionpool;signing-key;help;help' {
            break
        }
        'sessionpool;cluster' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;cluster;status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sessionpool;cluster;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;cluster;help;status' {
            break
        }
        'sessionpool;cluster;help;help' {
            break
        }
        'sessionpool;completion' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;daemon' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Where state, images and sandboxes live')
            [CompletionResult]::new('--run-dir', '--run-dir', [CompletionResultType]::ParameterName, 'Where sandboxes'' working state lives (bundles, runtime state, pid files, console logs), one directory per daemon [default: DATA_DIR/sandboxes]. A tmpfs (say /run/sessionpool/sandboxes, as runc keeps its state under /run) makes starts and ends cheaper where the data dir''s file system is slow at creating and deleting many small files; sandboxes never outlive a reboot anyway')
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'Unix socket for local, root-only access (no token needed)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Also listen on TCP (every request then needs a Bearer token), e.g. 127.0.0.1:8443')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL of this daemon, used in poolManagementEndpoint (default: the TCP listener''s URL)')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Locations the Microsoft.App provider document offers `sessionPools` in (repeatable; az checks `--location` against it before a create). Pools may use any location; those in use are offered too')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'Sandbox runtime: embedded, runc, crun, runsc, or a path to an OCI runtime')
            [CompletionResult]::new('--python-image', '--python-image', [CompletionResultType]::ParameterName, 'Base image of PythonLTS (code interpreter) sessions: any image with python3 on its PATH, e.g. python:3.12-slim from your registry; sessionpool supplies the interpreter server. Without it, PythonLTS pools fail to provision, saying so')
            [CompletionResult]::new('--node-image', '--node-image', [CompletionResultType]::ParameterName, 'Base image of NodeLTS (code interpreter) sessions: any image with node on its PATH; sessionpool supplies the interpreter server')
            [CompletionResult]::new('--shell-image', '--shell-image', [CompletionResultType]::ParameterName, 'Base image of Shell sessions: any image with bash and python3 on its PATH (python3 runs the server sessionpool supplies); default: the --python-image')
            [CompletionResult]::new('--insecure-registry', '--insecure-registry', [CompletionResultType]::ParameterName, 'Registries to reach over plain HTTP (HOST:PORT); all others need HTTPS')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'TLS certificate (PEM) for the TCP listener')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'TLS private key (PEM) for the TCP listener')
            [CompletionResult]::new('--pids-limit', '--pids-limit', [CompletionResultType]::ParameterName, 'Most processes in one sandbox')
            [CompletionResult]::new('--sandbox-disk-mib', '--sandbox-disk-mib', [CompletionResultType]::ParameterName, 'Size cap of each sandbox''s writable layer, in MiB')
            [CompletionResult]::new('--egress-uplink', '--egress-uplink', [CompletionResultType]::ParameterName, 'Interface dedicated to EgressEnabled sessions'' traffic (a spare NIC, or a macvlan/ipvlan of the real uplink). The daemon moves it, with its IPv4 addresses and default route, into a router namespace of its own; the host''s firewall and routing are not touched. Without it, EgressEnabled sessions fail to start. See SECURITY.md')
            [CompletionResult]::new('--egress-nameserver', '--egress-nameserver', [CompletionResultType]::ParameterName, 'Nameserver written into EgressEnabled sessions'' /etc/resolv.conf (repeatable)')
            [CompletionResult]::new('--stop-timeout', '--stop-timeout', [CompletionResultType]::ParameterName, 'Seconds a session''s container has to exit after its stop signal (the image''s StopSignal, else SIGTERM) before it is killed, as `docker stop -t`')
            [CompletionResult]::new('--header-read-timeout', '--header-read-timeout', [CompletionResultType]::ParameterName, 'Seconds a client has to send a request''s headers, from connecting or from the end of its previous request (so also how long a kept-alive connection may wait idle); also the longest pause inside a request body, and the bound on TLS handshakes')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Seconds without progress before a wait is cut: a forwarded request or WebSocket tunnel where no data moves either way, an answer the client stops reading. (A quiet response stream, like `logs --follow`, is not cut.)')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Most TCP connections served at once; more are closed on accept (the unix socket is not capped)')
            [CompletionResult]::new('--pull-stall-timeout', '--pull-stall-timeout', [CompletionResultType]::ParameterName, 'Seconds a registry may send nothing (headers or body) before the request fails; failed requests are retried with backoff')
            [CompletionResult]::new('--pull-deadline', '--pull-deadline', [CompletionResultType]::ParameterName, 'Seconds the downloads of one image pull may take in all, retries included; past it the pool ends Failed')
            [CompletionResult]::new('--pull-retries', '--pull-retries', [CompletionResultType]::ParameterName, 'Retries of a registry request that failed transiently (unreachable, stalled, HTTP 429 or 5xx), waiting 0.5 s, 1 s, 2 s... (at most 8 s) between')
            [CompletionResult]::new('--subprocess-timeout', '--subprocess-timeout', [CompletionResultType]::ParameterName, 'Seconds any helper subprocess (ip, nft, nsenter, the runtime''s CLI or shim) may run before it is killed and its step fails')
            [CompletionResult]::new('--start-parallelism', '--start-parallelism', [CompletionResultType]::ParameterName, 'Sandboxes being created at once across the daemon (the rest wait): about twice the cores suits starts, which alternate CPU and waiting')
            [CompletionResult]::new('--shutdown-timeout', '--shutdown-timeout', [CompletionResultType]::ParameterName, 'Seconds shutdown may take in all; sessions get at most half of it (and at most --stop-timeout) for their stop signal before they are killed')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Join a cluster whose shared state lives in etcd (v3 API), as etcd://HOST:PORT[,HOST:PORT...]; etcds:// speaks TLS to etcd')
            [CompletionResult]::new('--cluster-ca', '--cluster-ca', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that signs etcd''s server certificates (etcds://)')
            [CompletionResult]::new('--cluster-cert', '--cluster-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for etcd (etcds://)')
            [CompletionResult]::new('--cluster-key', '--cluster-key', [CompletionResultType]::ParameterName, 'Client key (PEM) for etcd (etcds://)')
            [CompletionResult]::new('--cluster-user', '--cluster-user', [CompletionResultType]::ParameterName, 'etcd user name, when etcd has authentication enabled')
            [CompletionResult]::new('--cluster-password-file', '--cluster-password-file', [CompletionResultType]::ParameterName, 'File holding the etcd user''s password')
            [CompletionResult]::new('--cluster-secret-file', '--cluster-secret-file', [CompletionResultType]::ParameterName, 'File holding the secret every node of the cluster shares (at least 32 bytes, e.g. `head -c 32 /dev/urandom`; owner-only): it authenticates node-to-node forwarding and seals pool secrets kept in etcd')
            [CompletionResult]::new('--node-name', '--node-name', [CompletionResultType]::ParameterName, 'This node''s name in the cluster, unique per node [default: the host name]')
            [CompletionResult]::new('--node-url', '--node-url', [CompletionResultType]::ParameterName, 'Where the other nodes reach this one (https://HOST:PORT of --listen) [default: --public-url, else the --listen URL]')
            [CompletionResult]::new('--cluster-peer-ca', '--cluster-peer-ca', [CompletionResultType]::ParameterName, 'CA certificate (PEM) that signs the other nodes'' --tls-cert')
            [CompletionResult]::new('--cluster-lease-ttl', '--cluster-lease-ttl', [CompletionResultType]::ParameterName, 'Seconds of this node''s lease in etcd. A node that cannot renew it for this long stops serving its sessions (they are lost); the cluster then frees its identifiers and moves its share of ready sandboxes')
            [CompletionResult]::new('--test-cooldown-seconds', '--test-cooldown-seconds', [CompletionResultType]::ParameterName, 'Tests only: every Timed pool''s cooldown, in seconds (the API keeps it ≥ 300)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'JMESPath query string applied to the result. See http://jmespath.org/')
            [CompletionResult]::new('--environment', '--environment', [CompletionResultType]::ParameterName, 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited')
            [CompletionResult]::new('--egress-allow-private', '--egress-allow-private', [CompletionResultType]::ParameterName, 'Let EgressEnabled sessions reach private ranges (10/8, 172.16/12, 192.168/16, 100.64/10)')
            [CompletionResult]::new('--only-show-errors', '--only-show-errors', [CompletionResultType]::ParameterName, 'Only show errors, suppressing warnings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Increase logging verbosity')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Increase logging verbosity to show all debug logs')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sessionpool;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a session pool')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a session pool')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Update a session pool')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a session pool')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List session pools')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Send one HTTP request to a session (by identifier) and print the response body')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'List, show and stop sessions of a pool')
            [CompletionResult]::new('code', 'code', [CompletionResultType]::ParameterValue, 'Run code in a code interpreter (PythonLTS) session')
            [CompletionResult]::new('files', 'files', [CompletionResultType]::ParameterValue, 'Upload, list, download and delete files in a code interpreter session''s /mnt/data')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the console output (stdout/stderr) of a pool''s sessions')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'Watch pools and sessions live: counts against targets, sessions'' age, idle time, CPU and memory, request rates (q quits)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Mint, list and revoke API tokens')
            [CompletionResult]::new('environment', 'environment', [CompletionResultType]::ParameterValue, 'Save, list, show and remove daemon contexts (endpoint + token)')
            [CompletionResult]::new('principal', 'principal', [CompletionResultType]::ParameterValue, 'Service principals that log in to the daemon''s authority (az login, azure-identity), as `az ad sp create-for-rbac`')
            [CompletionResult]::new('signing-key', 'signing-key', [CompletionResultType]::ParameterValue, 'The authority''s token signing keys: list, rotate')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'The daemons serving these pools: nodes, leases, capacity, sessions per node')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('daemon', 'daemon', [CompletionResultType]::ParameterValue, 'Run the pool daemon in the foreground')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sessionpool;help;create' {
            break
        }
        'sessionpool;help;show' {
            break
        }
        'sessionpool;help;update' {
            break
        }
        'sessionpool;help;delete' {
            break
        }
        'sessionpool;help;list' {
            break
        }
        'sessionpool;help;invoke' {
            break
        }
        'sessionpool;help;session' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the sessions of a pool')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one session')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'End a session now; its identifier starts afresh on its next request')
            break
        }
        'sessionpool;help;session;list' {
            break
        }
        'sessionpool;help;session;show' {
            break
        }
        'sessionpool;help;session;stop' {
            break
        }
        'sessionpool;help;code' {
            [CompletionResult]::new('execute', 'execute', [CompletionResultType]::ParameterValue, 'Execute code in the identifier''s session (state persists between calls)')
            break
        }
        'sessionpool;help;code;execute' {
            break
        }
        'sessionpool;help;files' {
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload a local file into /mnt/data')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the files in /mnt/data')
            [CompletionResult]::new('download', 'download', [CompletionResultType]::ParameterValue, 'Download a file from /mnt/data')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a file from /mnt/data')
            break
        }
        'sessionpool;help;files;upload' {
            break
        }
        'sessionpool;help;files;list' {
            break
        }
        'sessionpool;help;files;download' {
            break
        }
        'sessionpool;help;files;delete' {
            break
        }
        'sessionpool;help;logs' {
            break
        }
        'sessionpool;help;top' {
            break
        }
        'sessionpool;help;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Mint a token; it is printed once and stored only as a hash')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by id')
            break
        }
        'sessionpool;help;token;create' {
            break
        }
        'sessionpool;help;token;list' {
            break
        }
        'sessionpool;help;token;revoke' {
            break
        }
        'sessionpool;help;environment' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Save a daemon context: endpoint, and a token kept in the OS keyring')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List saved contexts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one saved context (never its token)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a saved context and its token')
            break
        }
        'sessionpool;help;environment;add' {
            break
        }
        'sessionpool;help;environment;list' {
            break
        }
        'sessionpool;help;environment;show' {
            break
        }
        'sessionpool;help;environment;remove' {
            break
        }
        'sessionpool;help;principal' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a service principal; its secret is printed once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List service principals (never their secrets)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a service principal (by app or object id) and its role assignments')
            break
        }
        'sessionpool;help;principal;create' {
            break
        }
        'sessionpool;help;principal;list' {
            break
        }
        'sessionpool;help;principal;delete' {
            break
        }
        'sessionpool;help;signing-key' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys whose tokens are accepted; one of them signs')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new signing key; tokens signed by the old one stay valid until they expire')
            break
        }
        'sessionpool;help;signing-key;list' {
            break
        }
        'sessionpool;help;signing-key;rotate' {
            break
        }
        'sessionpool;help;cluster' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity')
            break
        }
        'sessionpool;help;cluster;status' {
            break
        }
        'sessionpool;help;completion' {
            break
        }
        'sessionpool;help;daemon' {
            break
        }
        'sessionpool;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
