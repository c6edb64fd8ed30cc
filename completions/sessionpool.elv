
use builtin;
use str;

set edit:completion:arg-completer[sessionpool] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sessionpool'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sessionpool'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a session pool'
            cand show 'Show a session pool'
            cand update 'Update a session pool'
            cand delete 'Delete a session pool'
            cand list 'List session pools'
            cand invoke 'Send one HTTP request to a session (by identifier) and print the response body'
            cand session 'List, show and stop sessions of a pool'
            cand code 'Run code in a code interpreter (PythonLTS) session'
            cand files 'Upload, list, download and delete files in a code interpreter session''s /mnt/data'
            cand logs 'Print the console output (stdout/stderr) of a pool''s sessions'
            cand top 'Watch pools and sessions live: counts against targets, sessions'' age, idle time, CPU and memory, request rates (q quits)'
            cand token 'Mint, list and revoke API tokens'
            cand environment 'Save, list, show and remove daemon contexts (endpoint + token)'
            cand principal 'Service principals that log in to the daemon''s authority (az login, azure-identity), as `az ad sp create-for-rbac`'
            cand signing-key 'The authority''s token signing keys: list, rotate'
            cand cluster 'The daemons serving these pools: nodes, leases, capacity, sessions per node'
            cand completion 'Print a shell completion script'
            cand daemon 'Run the pool daemon in the foreground'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;create'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand -l 'Location (a label on this daemon; default "local")'
            cand --location 'Location (a label on this daemon; default "local")'
            cand --container-type 'Type of the session containers (create only). Default: PythonLTS (a code interpreter, as in az), or CustomContainer when --image, --target-port or another container flag is given'
            cand --lifecycle-type 'Timed (default) or OnContainerExit (create only)'
            cand --tags 'Space-separated tags "key=value"'
            cand --mi-user-assigned 'User-assigned identities (accepted for compatibility; sessions get no tokens for them)'
            cand -i 'Container image, e.g. 127.0.0.1:5000/session-server:1.0'
            cand --image 'Container image, e.g. 127.0.0.1:5000/session-server:1.0'
            cand --container-name 'Name of the session container (default: the pool name, lowercased)'
            cand --cpu 'CPU cores per session, 0.25-2.0 (default 0.25)'
            cand --memory 'Memory per session, 0.5Gi-4Gi, written like 1.5Gi (default 0.5Gi)'
            cand --target-port 'Port the session container listens on, 1-65535'
            cand --command 'Command of the container (replaces the image''s entrypoint); "" clears'
            cand --args 'Arguments of the command (replace the image''s cmd); "" clears'
            cand --env-vars 'Environment variables "key=value"; a value "secretref:NAME" takes secret NAME. "" clears'
            cand -s 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back'
            cand --secrets 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back'
            cand --registry-server 'Registry server of the image'
            cand --registry-username 'Registry username'
            cand --registry-password 'Registry password, or "secretref:NAME". Prompted on a TTY when a username is given without it'
            cand --registry-identity 'Managed identity for pulls (accepted for compatibility; no local analog)'
            cand --cooldown-period 'Seconds a Timed session may idle before it ends, 300-3600 (default 300)'
            cand --max-alive-period 'Seconds an OnContainerExit session may live (default 3600)'
            cand --network-status 'EgressEnabled or EgressDisabled (default)'
            cand --max-sessions 'Most sessions allocated at once (default 10)'
            cand --ready-sessions 'Sessions kept warm and ready (default 5)'
            cand --probe-yaml 'YAML file with a top-level `probes:` list'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --mi-system-assigned 'Give the pool a system-assigned identity; its sessions get tokens for it from $IDENTITY_ENDPOINT with $IDENTITY_HEADER (lifecycle Main)'
            cand --no-wait 'Do not wait for the long-running operation to finish'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;show'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;update'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand -l 'Location cannot change; accepted for az compatibility and checked'
            cand --location 'Location cannot change; accepted for az compatibility and checked'
            cand --tags 'Space-separated tags "key=value" (replaces the tags)'
            cand -i 'Container image, e.g. 127.0.0.1:5000/session-server:1.0'
            cand --image 'Container image, e.g. 127.0.0.1:5000/session-server:1.0'
            cand --container-name 'Name of the session container (default: the pool name, lowercased)'
            cand --cpu 'CPU cores per session, 0.25-2.0 (default 0.25)'
            cand --memory 'Memory per session, 0.5Gi-4Gi, written like 1.5Gi (default 0.5Gi)'
            cand --target-port 'Port the session container listens on, 1-65535'
            cand --command 'Command of the container (replaces the image''s entrypoint); "" clears'
            cand --args 'Arguments of the command (replace the image''s cmd); "" clears'
            cand --env-vars 'Environment variables "key=value"; a value "secretref:NAME" takes secret NAME. "" clears'
            cand -s 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back'
            cand --secrets 'Secrets "name=value" (on update: replaces the whole list). Values are never shown back'
            cand --registry-server 'Registry server of the image'
            cand --registry-username 'Registry username'
            cand --registry-password 'Registry password, or "secretref:NAME". Prompted on a TTY when a username is given without it'
            cand --registry-identity 'Managed identity for pulls (accepted for compatibility; no local analog)'
            cand --cooldown-period 'Seconds a Timed session may idle before it ends, 300-3600 (default 300)'
            cand --max-alive-period 'Seconds an OnContainerExit session may live (default 3600)'
            cand --network-status 'EgressEnabled or EgressDisabled (default)'
            cand --max-sessions 'Most sessions allocated at once (default 10)'
            cand --ready-sessions 'Sessions kept warm and ready (default 5)'
            cand --probe-yaml 'YAML file with a top-level `probes:` list'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --no-wait 'Do not wait for the long-running operation to finish'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;delete'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand -y 'Do not prompt for confirmation'
            cand --yes 'Do not prompt for confirmation'
            cand --no-wait 'Do not wait for the long-running operation to finish'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;list'= {
            cand -g 'Name of resource group (default: every pool)'
            cand --resource-group 'Name of resource group (default: every pool)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;invoke'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'The session identifier (4-128 characters)'
            cand -X 'HTTP method (default: POST with --data, else GET)'
            cand --method 'HTTP method (default: POST with --data, else GET)'
            cand --path 'Path inside the container, e.g. /api/execute (default /)'
            cand -d 'Request body: JSON text, @FILE, or - for standard input'
            cand --data 'Request body: JSON text, @FILE, or - for standard input'
            cand -H 'Extra header ''Name: value'' (repeatable)'
            cand --header 'Extra header ''Name: value'' (repeatable)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;session'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the sessions of a pool'
            cand show 'Show one session'
            cand stop 'End a session now; its identifier starts afresh on its next request'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;session;list'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;session;show'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'identifier'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;session;stop'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'identifier'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;session;help'= {
            cand list 'List the sessions of a pool'
            cand show 'Show one session'
            cand stop 'End a session now; its identifier starts afresh on its next request'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;session;help;list'= {
        }
        &'sessionpool;session;help;show'= {
        }
        &'sessionpool;session;help;stop'= {
        }
        &'sessionpool;session;help;help'= {
        }
        &'sessionpool;code'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
            cand execute 'Execute code in the identifier''s session (state persists between calls)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;code;execute'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'The session identifier (4-128 characters)'
            cand --code 'The code to run'
            cand --file 'A file holding the code to run (- for standard input)'
            cand --timeout-in-seconds 'Seconds the code may run before it is interrupted (1-220; default 220)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;code;help'= {
            cand execute 'Execute code in the identifier''s session (state persists between calls)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;code;help;execute'= {
        }
        &'sessionpool;code;help;help'= {
        }
        &'sessionpool;files'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
            cand upload 'Upload a local file into /mnt/data'
            cand list 'List the files in /mnt/data'
            cand download 'Download a file from /mnt/data'
            cand delete 'Delete a file from /mnt/data'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;files;upload'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'identifier'
            cand --filepath 'The local file to upload'
            cand --filename 'Its name in /mnt/data (default: the local file''s name)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;files;list'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'identifier'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;files;download'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'identifier'
            cand --filename 'The file''s name in /mnt/data'
            cand --output-file 'Where to write it (default: standard output)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;files;delete'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'identifier'
            cand --filename 'The file''s name in /mnt/data'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;files;help'= {
            cand upload 'Upload a local file into /mnt/data'
            cand list 'List the files in /mnt/data'
            cand download 'Download a file from /mnt/data'
            cand delete 'Delete a file from /mnt/data'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;files;help;upload'= {
        }
        &'sessionpool;files;help;list'= {
        }
        &'sessionpool;files;help;download'= {
        }
        &'sessionpool;files;help;delete'= {
        }
        &'sessionpool;files;help;help'= {
        }
        &'sessionpool;logs'= {
            cand -n 'The session pool name'
            cand --name 'The session pool name'
            cand -g 'Name of resource group'
            cand --resource-group 'Name of resource group'
            cand --identifier 'Only this session''s output'
            cand --tail 'Only the last N lines (per session)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand -f 'Keep printing new output as it comes'
            cand --follow 'Keep printing new output as it comes'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;top'= {
            cand -g 'Only pools of this resource group (default: every pool)'
            cand --resource-group 'Only pools of this resource group (default: every pool)'
            cand --interval 'Seconds between refreshes'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;token'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Mint a token; it is printed once and stored only as a hash'
            cand list 'List tokens (never their secrets)'
            cand revoke 'Revoke a token by id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;token;create'= {
            cand --role 'role'
            cand -n 'Pool of an executor token'
            cand --name 'Pool of an executor token'
            cand -g 'Resource group of an executor token''s pool'
            cand --resource-group 'Resource group of an executor token''s pool'
            cand --expires-in 'Lifetime, e.g. 1h, 30d (default: no expiry)'
            cand --label 'A label to recognise the token by'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessionpool;token;list'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;token;revoke'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;token;help'= {
            cand create 'Mint a token; it is printed once and stored only as a hash'
            cand list 'List tokens (never their secrets)'
            cand revoke 'Revoke a token by id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;token;help;create'= {
        }
        &'sessionpool;token;help;list'= {
        }
        &'sessionpool;token;help;revoke'= {
        }
        &'sessionpool;token;help;help'= {
        }
        &'sessionpool;environment'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Save a daemon context: endpoint, and a token kept in the OS keyring'
            cand list 'List saved contexts'
            cand show 'Show one saved context (never its token)'
            cand remove 'Remove a saved context and its token'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;environment;add'= {
            cand --endpoint 'unix:///path.sock, http://host:port or https://host:port'
            cand --token 'Token for TCP endpoints; `-` reads it from standard input. Not given: asked for without echo on a terminal (Enter for none). Kept in the OS keyring, or where there is none in a file only you can read (tokens.json in the config dir)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;environment;list'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;environment;show'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;environment;remove'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;environment;help'= {
            cand add 'Save a daemon context: endpoint, and a token kept in the OS keyring'
            cand list 'List saved contexts'
            cand show 'Show one saved context (never its token)'
            cand remove 'Remove a saved context and its token'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;environment;help;add'= {
        }
        &'sessionpool;environment;help;list'= {
        }
        &'sessionpool;environment;help;show'= {
        }
        &'sessionpool;environment;help;remove'= {
        }
        &'sessionpool;environment;help;help'= {
        }
        &'sessionpool;principal'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create a service principal; its secret is printed once'
            cand list 'List service principals (never their secrets)'
            cand delete 'Delete a service principal (by app or object id) and its role assignments'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;principal;create'= {
            cand -n 'Display name'
            cand --name 'Display name'
            cand --cert 'A PEM certificate (public part) to log in with instead of a secret (`@file` or a path)'
            cand --role 'Assign this role (e.g. Contributor, "Azure ContainerApps Session Executor") on every --scopes'
            cand --scopes 'Scopes of the role: a subscription, resource group or pool id'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --with-secret 'Also make a secret when --cert is given'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;principal;list'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;principal;delete'= {
            cand --id 'id'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;principal;help'= {
            cand create 'Create a service principal; its secret is printed once'
            cand list 'List service principals (never their secrets)'
            cand delete 'Delete a service principal (by app or object id) and its role assignments'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;principal;help;create'= {
        }
        &'sessionpool;principal;help;list'= {
        }
        &'sessionpool;principal;help;delete'= {
        }
        &'sessionpool;principal;help;help'= {
        }
        &'sessionpool;signing-key'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the keys whose tokens are accepted; one of them signs'
            cand rotate 'Make a new signing key; tokens signed by the old one stay valid until they expire'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;signing-key;list'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;signing-key;rotate'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;signing-key;help'= {
            cand list 'List the keys whose tokens are accepted; one of them signs'
            cand rotate 'Make a new signing key; tokens signed by the old one stay valid until they expire'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;signing-key;help;list'= {
        }
        &'sessionpool;signing-key;help;rotate'= {
        }
        &'sessionpool;signing-key;help;help'= {
        }
        &'sessionpool;cluster'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
            cand status 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;cluster;status'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sessionpool;cluster;help'= {
            cand status 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;cluster;help;status'= {
        }
        &'sessionpool;cluster;help;help'= {
        }
        &'sessionpool;completion'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;daemon'= {
            cand --data-dir 'Where state, images and sandboxes live'
            cand --run-dir 'Where sandboxes'' working state lives (bundles, runtime state, pid files, console logs), one directory per daemon [default: DATA_DIR/sandboxes]. A tmpfs (say /run/sessionpool/sandboxes, as runc keeps its state under /run) makes starts and ends cheaper where the data dir''s file system is slow at creating and deleting many small files; sandboxes never outlive a reboot anyway'
            cand --socket 'Unix socket for local, root-only access (no token needed)'
            cand --listen 'Also listen on TCP (every request then needs a Bearer token), e.g. 127.0.0.1:8443'
            cand --public-url 'Public base URL of this daemon, used in poolManagementEndpoint (default: the TCP listener''s URL)'
            cand --location 'Locations the Microsoft.App provider document offers `sessionPools` in (repeatable; az checks `--location` against it before a create). Pools may use any location; those in use are offered too'
            cand --runtime 'Sandbox runtime: embedded, runc, crun, runsc, or a path to an OCI runtime'
            cand --python-image 'Base image of PythonLTS (code interpreter) sessions: any image with python3 on its PATH, e.g. python:3.12-slim from your registry; sessionpool supplies the interpreter server. Without it, PythonLTS pools fail to provision, saying so'
            cand --node-image 'Base image of NodeLTS (code interpreter) sessions: any image with node on its PATH; sessionpool supplies the interpreter server'
            cand --shell-image 'Base image of Shell sessions: any image with bash and python3 on its PATH (python3 runs the server sessionpool supplies); default: the --python-image'
            cand --insecure-registry 'Registries to reach over plain HTTP (HOST:PORT); all others need HTTPS'
            cand --tls-cert 'TLS certificate (PEM) for the TCP listener'
            cand --tls-key 'TLS private key (PEM) for the TCP listener'
            cand --pids-limit 'Most processes in one sandbox'
            cand --sandbox-disk-mib 'Size cap of each sandbox''s writable layer, in MiB'
            cand --egress-uplink 'Interface dedicated to EgressEnabled sessions'' traffic (a spare NIC, or a macvlan/ipvlan of the real uplink). The daemon moves it, with its IPv4 addresses and default route, into a router namespace of its own; the host''s firewall and routing are not touched. Without it, EgressEnabled sessions fail to start. See SECURITY.md'
            cand --egress-nameserver 'Nameserver written into EgressEnabled sessions'' /etc/resolv.conf (repeatable)'
            cand --stop-timeout 'Seconds a session''s container has to exit after its stop signal (the image''s StopSignal, else SIGTERM) before it is killed, as `docker stop -t`'
            cand --header-read-timeout 'Seconds a client has to send a request''s headers, from connecting or from the end of its previous request (so also how long a kept-alive connection may wait idle); also the longest pause inside a request body, and the bound on TLS handshakes'
            cand --idle-timeout 'Seconds without progress before a wait is cut: a forwarded request or WebSocket tunnel where no data moves either way, an answer the client stops reading. (A quiet response stream, like `logs --follow`, is not cut.)'
            cand --max-connections 'Most TCP connections served at once; more are closed on accept (the unix socket is not capped)'
            cand --pull-stall-timeout 'Seconds a registry may send nothing (headers or body) before the request fails; failed requests are retried with backoff'
            cand --pull-deadline 'Seconds the downloads of one image pull may take in all, retries included; past it the pool ends Failed'
            cand --pull-retries 'Retries of a registry request that failed transiently (unreachable, stalled, HTTP 429 or 5xx), waiting 0.5 s, 1 s, 2 s... (at most 8 s) between'
            cand --subprocess-timeout 'Seconds any helper subprocess (ip, nft, nsenter, the runtime''s CLI or shim) may run before it is killed and its step fails'
            cand --start-parallelism 'Sandboxes being created at once across the daemon (the rest wait): about twice the cores suits starts, which alternate CPU and waiting'
            cand --shutdown-timeout 'Seconds shutdown may take in all; sessions get at most half of it (and at most --stop-timeout) for their stop signal before they are killed'
            cand --cluster 'Join a cluster whose shared state lives in etcd (v3 API), as etcd://HOST:PORT[,HOST:PORT...]; etcds:// speaks TLS to etcd'
            cand --cluster-ca 'CA certificate (PEM) that signs etcd''s server certificates (etcds://)'
            cand --cluster-cert 'Client certificate (PEM) for etcd (etcds://)'
            cand --cluster-key 'Client key (PEM) for etcd (etcds://)'
            cand --cluster-user 'etcd user name, when etcd has authentication enabled'
            cand --cluster-password-file 'File holding the etcd user''s password'
            cand --cluster-secret-file 'File holding the secret every node of the cluster shares (at least 32 bytes, e.g. `head -c 32 /dev/urandom`; owner-only): it authenticates node-to-node forwarding and seals pool secrets kept in etcd'
            cand --node-name 'This node''s name in the cluster, unique per node [default: the host name]'
            cand --node-url 'Where the other nodes reach this one (https://HOST:PORT of --listen) [default: --public-url, else the --listen URL]'
            cand --cluster-peer-ca 'CA certificate (PEM) that signs the other nodes'' --tls-cert'
            cand --cluster-lease-ttl 'Seconds of this node''s lease in etcd. A node that cannot renew it for this long stops serving its sessions (they are lost); the cluster then frees its identifiers and moves its share of ready sandboxes'
            cand --test-cooldown-seconds 'Tests only: every Timed pool''s cooldown, in seconds (the API keeps it ≥ 300)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --query 'JMESPath query string applied to the result. See http://jmespath.org/'
            cand --environment 'Saved daemon context to use (`local` is the default socket); on create it is also the pool''s environment'
            cand --timeout 'Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited'
            cand --egress-allow-private 'Let EgressEnabled sessions reach private ranges (10/8, 172.16/12, 192.168/16, 100.64/10)'
            cand --only-show-errors 'Only show errors, suppressing warnings'
            cand --verbose 'Increase logging verbosity'
            cand --debug 'Increase logging verbosity to show all debug logs'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sessionpool;help'= {
            cand create 'Create a session pool'
            cand show 'Show a session pool'
            cand update 'Update a session pool'
            cand delete 'Delete a session pool'
            cand list 'List session pools'
            cand invoke 'Send one HTTP request to a session (by identifier) and print the response body'
            cand session 'List, show and stop sessions of a pool'
            cand code 'Run code in a code interpreter (PythonLTS) session'
            cand files 'Upload, list, download and delete files in a code interpreter session''s /mnt/data'
            cand logs 'Print the console output (stdout/stderr) of a pool''s sessions'
            cand top 'Watch pools and sessions live: counts against targets, sessions'' age, idle time, CPU and memory, request rates (q quits)'
            cand token 'Mint, list and revoke API tokens'
            cand environment 'Save, list, show and remove daemon contexts (endpoint + token)'
            cand principal 'Service principals that log in to the daemon''s authority (az login, azure-identity), as `az ad sp create-for-rbac`'
            cand signing-key 'The authority''s token signing keys: list, rotate'
            cand cluster 'The daemons serving these pools: nodes, leases, capacity, sessions per node'
            cand completion 'Print a shell completion script'
            cand daemon 'Run the pool daemon in the foreground'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sessionpool;help;create'= {
        }
        &'sessionpool;help;show'= {
        }
        &'sessionpool;help;update'= {
        }
        &'sessionpool;help;delete'= {
        }
        &'sessionpool;help;list'= {
        }
        &'sessionpool;help;invoke'= {
        }
        &'sessionpool;help;session'= {
            cand list 'List the sessions of a pool'
            cand show 'Show one session'
            cand stop 'End a session now; its identifier starts afresh on its next request'
        }
        &'sessionpool;help;session;list'= {
        }
        &'sessionpool;help;session;show'= {
        }
        &'sessionpool;help;session;stop'= {
        }
        &'sessionpool;help;code'= {
            cand execute 'Execute code in the identifier''s session (state persists between calls)'
        }
        &'sessionpool;help;code;execute'= {
        }
        &'sessionpool;help;files'= {
            cand upload 'Upload a local file into /mnt/data'
            cand list 'List the files in /mnt/data'
            cand download 'Download a file from /mnt/data'
            cand delete 'Delete a file from /mnt/data'
        }
        &'sessionpool;help;files;upload'= {
        }
        &'sessionpool;help;files;list'= {
        }
        &'sessionpool;help;files;download'= {
        }
        &'sessionpool;help;files;delete'= {
        }
        &'sessionpool;help;logs'= {
        }
        &'sessionpool;help;top'= {
        }
        &'sessionpool;help;token'= {
            cand create 'Mint a token; it is printed once and stored only as a hash'
            cand list 'List tokens (never their secrets)'
            cand revoke 'Revoke a token by id'
        }
        &'sessionpool;help;token;create'= {
        }
        &'sessionpool;help;token;list'= {
        }
        &'sessionpool;help;token;revoke'= {
        }
        &'sessionpool;help;environment'= {
            cand add 'Save a daemon context: endpoint, and a token kept in the OS keyring'
            cand list 'List saved contexts'
            cand show 'Show one saved context (never its token)'
            cand remove 'Remove a saved context and its token'
        }
        &'sessionpool;help;environment;add'= {
        }
        &'sessionpool;help;environment;list'= {
        }
        &'sessionpool;help;environment;show'= {
        }
        &'sessionpool;help;environment;remove'= {
        }
        &'sessionpool;help;principal'= {
            cand create 'Create a service principal; its secret is printed once'
            cand list 'List service principals (never their secrets)'
            cand delete 'Delete a service principal (by app or object id) and its role assignments'
        }
        &'sessionpool;help;principal;create'= {
        }
        &'sessionpool;help;principal;list'= {
        }
        &'sessionpool;help;principal;delete'= {
        }
        &'sessionpool;help;signing-key'= {
            cand list 'List the keys whose tokens are accepted; one of them signs'
            cand rotate 'Make a new signing key; tokens signed by the old one stay valid until they expire'
        }
        &'sessionpool;help;signing-key;list'= {
        }
        &'sessionpool;help;signing-key;rotate'= {
        }
        &'sessionpool;help;cluster'= {
            cand status 'Show the nodes: URL, lease, sessions, ready sandboxes, capacity'
        }
        &'sessionpool;help;cluster;status'= {
        }
        &'sessionpool;help;completion'= {
        }
        &'sessionpool;help;daemon'= {
        }
        &'sessionpool;help;help'= {
        }
    ]
    $completions[$command]
}
