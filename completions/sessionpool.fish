# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sessionpool_global_optspecs
    string join \n o/output= query= only-show-errors verbose debug environment= timeout= h/help V/version
end

function __fish_sessionpool_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sessionpool_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sessionpool_using_subcommand
    set -l cmd (__fish_sessionpool_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sessionpool -n "__fish_sessionpool_needs_command" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_needs_command" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_needs_command" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_needs_command" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_needs_command" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -s V -l version -d 'Print version'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "create" -d 'Create a session pool'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "show" -d 'Show a session pool'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "update" -d 'Update a session pool'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "delete" -d 'Delete a session pool'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "list" -d 'List session pools'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "invoke" -d 'Send one HTTP request to a session (by identifier) and print the response body'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "session" -d 'List, show and stop sessions of a pool'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "code" -d 'Run code in a code interpreter (PythonLTS) session'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "files" -d 'Upload, list, download and delete files in a code interpreter session\'s /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "logs" -d 'Print the console output (stdout/stderr) of a pool\'s sessions'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "top" -d 'Watch pools and sessions live: counts against targets, sessions\' age, idle time, CPU and memory, request rates (q quits)'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "token" -d 'Mint, list and revoke API tokens'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "environment" -d 'Save, list, show and remove daemon contexts (endpoint + token)'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "principal" -d 'Service principals that log in to the daemon\'s authority (az login, azure-identity), as `az ad sp create-for-rbac`'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "signing-key" -d 'The authority\'s token signing keys: list, rotate'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "cluster" -d 'The daemons serving these pools: nodes, leases, capacity, sessions per node'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "daemon" -d 'Run the pool daemon in the foreground'
complete -c sessionpool -n "__fish_sessionpool_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -s l -l location -d 'Location (a label on this daemon; default "local")' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l container-type -d 'Type of the session containers (create only). Default: PythonLTS (a code interpreter, as in az), or CustomContainer when --image, --target-port or another container flag is given' -r -f -a "CustomContainer\t''
PythonLTS\t''
NodeLTS\t''
Shell\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l lifecycle-type -d 'Timed (default) or OnContainerExit (create only)' -r -f -a "Timed\t''
OnContainerExit\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l tags -d 'Space-separated tags "key=value"' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l mi-user-assigned -d 'User-assigned identities (accepted for compatibility; sessions get no tokens for them)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -s i -l image -d 'Container image, e.g. 127.0.0.1:5000/session-server:1.0' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l container-name -d 'Name of the session container (default: the pool name, lowercased)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l cpu -d 'CPU cores per session, 0.25-2.0 (default 0.25)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l memory -d 'Memory per session, 0.5Gi-4Gi, written like 1.5Gi (default 0.5Gi)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l target-port -d 'Port the session container listens on, 1-65535' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l command -d 'Command of the container (replaces the image\'s entrypoint); "" clears' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l args -d 'Arguments of the command (replace the image\'s cmd); "" clears' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l env-vars -d 'Environment variables "key=value"; a value "secretref:NAME" takes secret NAME. "" clears' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -s s -l secrets -d 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l registry-server -d 'Registry server of the image' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l registry-username -d 'Registry username' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l registry-password -d 'Registry password, or "secretref:NAME". Prompted on a TTY when a username is given without it' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l registry-identity -d 'Managed identity for pulls (accepted for compatibility; no local analog)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l cooldown-period -d 'Seconds a Timed session may idle before it ends, 300-3600 (default 300)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l max-alive-period -d 'Seconds an OnContainerExit session may live (default 3600)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l network-status -d 'EgressEnabled or EgressDisabled (default)' -r -f -a "EgressEnabled\t''
EgressDisabled\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l max-sessions -d 'Most sessions allocated at once (default 10)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l ready-sessions -d 'Sessions kept warm and ready (default 5)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l probe-yaml -d 'YAML file with a top-level `probes:` list' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l mi-system-assigned -d 'Give the pool a system-assigned identity; its sessions get tokens for it from $IDENTITY_ENDPOINT with $IDENTITY_HEADER (lifecycle Main)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l no-wait -d 'Do not wait for the long-running operation to finish'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand create" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand show" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -s l -l location -d 'Location cannot change; accepted for az compatibility and checked' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l tags -d 'Space-separated tags "key=value" (replaces the tags)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -s i -l image -d 'Container image, e.g. 127.0.0.1:5000/session-server:1.0' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l container-name -d 'Name of the session container (default: the pool name, lowercased)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l cpu -d 'CPU cores per session, 0.25-2.0 (default 0.25)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l memory -d 'Memory per session, 0.5Gi-4Gi, written like 1.5Gi (default 0.5Gi)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l target-port -d 'Port the session container listens on, 1-65535' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l command -d 'Command of the container (replaces the image\'s entrypoint); "" clears' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l args -d 'Arguments of the command (replace the image\'s cmd); "" clears' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l env-vars -d 'Environment variables "key=value"; a value "secretref:NAME" takes secret NAME. "" clears' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -s s -l secrets -d 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l registry-server -d 'Registry server of the image' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l registry-username -d 'Registry username' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l registry-password -d 'Registry password, or "secretref:NAME". Prompted on a TTY when a username is given without it' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l registry-identity -d 'Managed identity for pulls (accepted for compatibility; no local analog)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l cooldown-period -d 'Seconds a Timed session may idle before it ends, 300-3600 (default 300)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l max-alive-period -d 'Seconds an OnContainerExit session may live (default 3600)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l network-status -d 'EgressEnabled or EgressDisabled (default)' -r -f -a "EgressEnabled\t''
EgressDisabled\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l max-sessions -d 'Most sessions allocated at once (default 10)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l ready-sessions -d 'Sessions kept warm and ready (default 5)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l probe-yaml -d 'YAML file with a top-level `probes:` list' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l no-wait -d 'Do not wait for the long-running operation to finish'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand update" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -s y -l yes -d 'Do not prompt for confirmation'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -l no-wait -d 'Do not wait for the long-running operation to finish'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand delete" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -s g -l resource-group -d 'Name of resource group (default: every pool)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand list" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -l identifier -d 'The session identifier (4-128 characters)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -s X -l method -d 'HTTP method (default: POST with --data, else GET)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -l path -d 'Path inside the container, e.g. /api/execute (default /)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -s d -l data -d 'Request body: JSON text, @FILE, or - for standard input' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -s H -l header -d 'Extra header \'Name: value\' (repeatable)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand invoke" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -f -a "list" -d 'List the sessions of a pool'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -f -a "show" -d 'Show one session'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -f -a "stop" -d 'End a session now; its identifier starts afresh on its next request'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and not __fish_seen_subcommand_from list show stop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -l identifier -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -l identifier -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the sessions of a pool'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one session'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "stop" -d 'End a session now; its identifier starts afresh on its next request'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -f -a "execute" -d 'Execute code in the identifier\'s session (state persists between calls)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and not __fish_seen_subcommand_from execute help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l identifier -d 'The session identifier (4-128 characters)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l code -d 'The code to run' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l file -d 'A file holding the code to run (- for standard input)' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l timeout-in-seconds -d 'Seconds the code may run before it is interrupted (1-220; default 220)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from execute" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from help" -f -a "execute" -d 'Execute code in the identifier\'s session (state persists between calls)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand code; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -f -a "upload" -d 'Upload a local file into /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -f -a "list" -d 'List the files in /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -f -a "download" -d 'Download a file from /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -f -a "delete" -d 'Delete a file from /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and not __fish_seen_subcommand_from upload list download delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l identifier -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l filepath -d 'The local file to upload' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l filename -d 'Its name in /mnt/data (default: the local file\'s name)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from upload" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -l identifier -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l identifier -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l filename -d 'The file\'s name in /mnt/data' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l output-file -d 'Where to write it (default: standard output)' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from download" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -l identifier -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -l filename -d 'The file\'s name in /mnt/data' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "upload" -d 'Upload a local file into /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the files in /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "download" -d 'Download a file from /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a file from /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -s n -l name -d 'The session pool name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -s g -l resource-group -d 'Name of resource group' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -l identifier -d 'Only this session\'s output' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -l tail -d 'Only the last N lines (per session)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -s f -l follow -d 'Keep printing new output as it comes'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand logs" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -s g -l resource-group -d 'Only pools of this resource group (default: every pool)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -l interval -d 'Seconds between refreshes' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand top" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "create" -d 'Mint a token; it is printed once and stored only as a hash'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "list" -d 'List tokens (never their secrets)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "revoke" -d 'Revoke a token by id'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and not __fish_seen_subcommand_from create list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l role -r -f -a "admin\t'Everything: management and every pool\'s data plane'
executor\t'The data plane of one pool only'"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -s n -l name -d 'Pool of an executor token' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -s g -l resource-group -d 'Resource group of an executor token\'s pool' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l expires-in -d 'Lifetime, e.g. 1h, 30d (default: no expiry)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l label -d 'A label to recognise the token by' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from list" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from list" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from list" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from list" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from list" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from revoke" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from revoke" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from revoke" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from revoke" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from revoke" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from revoke" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "create" -d 'Mint a token; it is printed once and stored only as a hash'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tokens (never their secrets)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token by id'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -f -a "add" -d 'Save a daemon context: endpoint, and a token kept in the OS keyring'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -f -a "list" -d 'List saved contexts'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -f -a "show" -d 'Show one saved context (never its token)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -f -a "remove" -d 'Remove a saved context and its token'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and not __fish_seen_subcommand_from add list show remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -l endpoint -d 'unix:///path.sock, http://host:port or https://host:port' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -l token -d 'Token for TCP endpoints; `-` reads it from standard input. Not given: asked for without echo on a terminal (Enter for none). Kept in the OS keyring, or where there is none in a file only you can read (tokens.json in the config dir)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from list" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from list" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from list" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from list" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from list" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from show" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from show" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from show" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from show" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from show" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from remove" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from remove" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from remove" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from remove" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from remove" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from remove" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from help" -f -a "add" -d 'Save a daemon context: endpoint, and a token kept in the OS keyring'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from help" -f -a "list" -d 'List saved contexts'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one saved context (never its token)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a saved context and its token'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand environment; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -f -a "create" -d 'Create a service principal; its secret is printed once'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -f -a "list" -d 'List service principals (never their secrets)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -f -a "delete" -d 'Delete a service principal (by app or object id) and its role assignments'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and not __fish_seen_subcommand_from create list delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -s n -l name -d 'Display name' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l cert -d 'A PEM certificate (public part) to log in with instead of a secret (`@file` or a path)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l role -d 'Assign this role (e.g. Contributor, "Azure ContainerApps Session Executor") on every --scopes' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l scopes -d 'Scopes of the role: a subscription, resource group or pool id' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l with-secret -d 'Also make a secret when --cert is given'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from list" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from list" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from list" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from list" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from list" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -l id -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a service principal; its secret is printed once'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "list" -d 'List service principals (never their secrets)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a service principal (by app or object id) and its role assignments'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand principal; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -f -a "list" -d 'List the keys whose tokens are accepted; one of them signs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -f -a "rotate" -d 'Make a new signing key; tokens signed by the old one stay valid until they expire'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and not __fish_seen_subcommand_from list rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from list" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from list" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from list" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from list" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from list" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from rotate" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from rotate" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from rotate" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from rotate" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from rotate" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from rotate" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from rotate" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the keys whose tokens are accepted; one of them signs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Make a new signing key; tokens signed by the old one stay valid until they expire'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand signing-key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -f -a "status" -d 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and not __fish_seen_subcommand_from status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from status" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from status" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from status" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from status" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from status" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from status" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand completion" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand completion" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand completion" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand completion" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand completion" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand completion" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand completion" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l data-dir -d 'Where state, images and sandboxes live' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l run-dir -d 'Where sandboxes\' working state lives (bundles, runtime state, pid files, console logs), one directory per daemon [default: DATA_DIR/sandboxes]. A tmpfs (say /run/sessionpool/sandboxes, as runc keeps its state under /run) makes starts and ends cheaper where the data dir\'s file system is slow at creating and deleting many small files; sandboxes never outlive a reboot anyway' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l socket -d 'Unix socket for local, root-only access (no token needed)' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l listen -d 'Also listen on TCP (every request then needs a Bearer token), e.g. 127.0.0.1:8443' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l public-url -d 'Public base URL of this daemon, used in poolManagementEndpoint (default: the TCP listener\'s URL)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l location -d 'Locations the Microsoft.App provider document offers `sessionPools` in (repeatable; az checks `--location` against it before a create). Pools may use any location; those in use are offered too' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l runtime -d 'Sandbox runtime: embedded, runc, crun, runsc, or a path to an OCI runtime' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l python-image -d 'Base image of PythonLTS (code interpreter) sessions: any image with python3 on its PATH, e.g. python:3.12-slim from your registry; sessionpool supplies the interpreter server. Without it, PythonLTS pools fail to provision, saying so' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l node-image -d 'Base image of NodeLTS (code interpreter) sessions: any image with node on its PATH; sessionpool supplies the interpreter server' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l shell-image -d 'Base image of Shell sessions: any image with bash and python3 on its PATH (python3 runs the server sessionpool supplies); default: the --python-image' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l insecure-registry -d 'Registries to reach over plain HTTP (HOST:PORT); all others need HTTPS' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l tls-cert -d 'TLS certificate (PEM) for the TCP listener' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l tls-key -d 'TLS private key (PEM) for the TCP listener' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l pids-limit -d 'Most processes in one sandbox' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l sandbox-disk-mib -d 'Size cap of each sandbox\'s writable layer, in MiB' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l egress-uplink -d 'Interface dedicated to EgressEnabled sessions\' traffic (a spare NIC, or a macvlan/ipvlan of the real uplink). The daemon moves it, with its IPv4 addresses and default route, into a router namespace of its own; the host\'s firewall and routing are not touched. Without it, EgressEnabled sessions fail to start. See SECURITY.md' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l egress-nameserver -d 'Nameserver written into EgressEnabled sessions\' /etc/resolv.conf (repeatable)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l stop-timeout -d 'Seconds a session\'s container has to exit after its stop signal (the image\'s StopSignal, else SIGTERM) before it is killed, as `docker stop -t`' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l header-read-timeout -d 'Seconds a client has to send a request\'s headers, from connecting or from the end of its previous request (so also how long a kept-alive connection may wait idle); also the longest pause inside a request body, and the bound on TLS handshakes' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l idle-timeout -d 'Seconds without progress before a wait is cut: a forwarded request or WebSocket tunnel where no data moves either way, an answer the client stops reading. (A quiet response stream, like `logs --follow`, is not cut.)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l max-connections -d 'Most TCP connections served at once; more are closed on accept (the unix socket is not capped)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l pull-stall-timeout -d 'Seconds a registry may send nothing (headers or body) before the request fails; failed requests are retried with backoff' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l pull-deadline -d 'Seconds the downloads of one image pull may take in all, retries included; past it the pool ends Failed' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l pull-retries -d 'Retries of a registry request that failed transiently (unreachable, stalled, HTTP 429 or 5xx), waiting 0.5 s, 1 s, 2 s... (at most 8 s) between' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l subprocess-timeout -d 'Seconds any helper subprocess (ip, nft, nsenter, the runtime\'s CLI or shim) may run before it is killed and its step fails' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l start-parallelism -d 'Sandboxes being created at once across the daemon (the rest wait): about twice the cores suits starts, which alternate CPU and waiting' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l shutdown-timeout -d 'Seconds shutdown may take in all; sessions get at most half of it (and at most --stop-timeout) for their stop signal before they are killed' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster -d 'Join a cluster whose shared state lives in etcd (v3 API), as etcd://HOST:PORT[,HOST:PORT...]; etcds:// speaks TLS to etcd' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster-ca -d 'CA certificate (PEM) that signs etcd\'s server certificates (etcds://)' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster-cert -d 'Client certificate (PEM) for etcd (etcds://)' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster-key -d 'Client key (PEM) for etcd (etcds://)' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster-user -d 'etcd user name, when etcd has authentication enabled' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster-password-file -d 'File holding the etcd user\'s password' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster-secret-file -d 'File holding the secret every node of the cluster shares (at least 32 bytes, e.g. `head -c 32 /dev/urandom`; owner-only): it authenticates node-to-node forwarding and seals pool secrets kept in etcd' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l node-name -d 'This node\'s name in the cluster, unique per node [default: the host name]' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l node-url -d 'Where the other nodes reach this one (https://HOST:PORT of --listen) [default: --public-url, else the --listen URL]' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster-peer-ca -d 'CA certificate (PEM) that signs the other nodes\' --tls-cert' -r -F
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l cluster-lease-ttl -d 'Seconds of this node\'s lease in etcd. A node that cannot renew it for this long stops serving its sessions (they are lost); the cluster then frees its identifiers and moves its share of ready sandboxes' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l test-cooldown-seconds -d 'Tests only: every Timed pool\'s cooldown, in seconds (the API keeps it ≥ 300)' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -s o -l output -d 'Output format' -r -f -a "json\t''
jsonc\t''
yaml\t''
yamlc\t''
table\t''
tsv\t''
none\t''"
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l query -d 'JMESPath query string applied to the result. See http://jmespath.org/' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l environment -d 'Saved daemon context to use (`local` is the default socket); on create it is also the pool\'s environment' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l timeout -d 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited' -r
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l egress-allow-private -d 'Let EgressEnabled sessions reach private ranges (10/8, 172.16/12, 192.168/16, 100.64/10)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l only-show-errors -d 'Only show errors, suppressing warnings'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l verbose -d 'Increase logging verbosity'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -l debug -d 'Increase logging verbosity to show all debug logs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand daemon" -s h -l help -d 'Print help'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "create" -d 'Create a session pool'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "show" -d 'Show a session pool'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "update" -d 'Update a session pool'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "delete" -d 'Delete a session pool'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "list" -d 'List session pools'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "invoke" -d 'Send one HTTP request to a session (by identifier) and print the response body'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "session" -d 'List, show and stop sessions of a pool'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "code" -d 'Run code in a code interpreter (PythonLTS) session'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "files" -d 'Upload, list, download and delete files in a code interpreter session\'s /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "logs" -d 'Print the console output (stdout/stderr) of a pool\'s sessions'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "top" -d 'Watch pools and sessions live: counts against targets, sessions\' age, idle time, CPU and memory, request rates (q quits)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "token" -d 'Mint, list and revoke API tokens'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "environment" -d 'Save, list, show and remove daemon contexts (endpoint + token)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "principal" -d 'Service principals that log in to the daemon\'s authority (az login, azure-identity), as `az ad sp create-for-rbac`'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "signing-key" -d 'The authority\'s token signing keys: list, rotate'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "cluster" -d 'The daemons serving these pools: nodes, leases, capacity, sessions per node'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "completion" -d 'Print a shell completion script'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "daemon" -d 'Run the pool daemon in the foreground'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and not __fish_seen_subcommand_from create show update delete list invoke session code files logs top token environment principal signing-key cluster completion daemon help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "list" -d 'List the sessions of a pool'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "show" -d 'Show one session'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "stop" -d 'End a session now; its identifier starts afresh on its next request'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from code" -f -a "execute" -d 'Execute code in the identifier\'s session (state persists between calls)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from files" -f -a "upload" -d 'Upload a local file into /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from files" -f -a "list" -d 'List the files in /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from files" -f -a "download" -d 'Download a file from /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from files" -f -a "delete" -d 'Delete a file from /mnt/data'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "create" -d 'Mint a token; it is printed once and stored only as a hash'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List tokens (never their secrets)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token by id'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from environment" -f -a "add" -d 'Save a daemon context: endpoint, and a token kept in the OS keyring'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from environment" -f -a "list" -d 'List saved contexts'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from environment" -f -a "show" -d 'Show one saved context (never its token)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from environment" -f -a "remove" -d 'Remove a saved context and its token'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "create" -d 'Create a service principal; its secret is printed once'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "list" -d 'List service principals (never their secrets)'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from principal" -f -a "delete" -d 'Delete a service principal (by app or object id) and its role assignments'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from signing-key" -f -a "list" -d 'List the keys whose tokens are accepted; one of them signs'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from signing-key" -f -a "rotate" -d 'Make a new signing key; tokens signed by the old one stay valid until they expire'
complete -c sessionpool -n "__fish_sessionpool_using_subcommand help; and __fish_seen_subcommand_from cluster" -f -a "status" -d 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity'
