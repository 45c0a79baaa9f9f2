"""Script rules: the Python code of `@script:python@`, `@initialize:python@` and
`@finalize:python@` rules, the values they see, and the `coccilib` API they call.

A rule file's scripts share one global namespace, as in spatch. The engine asks a ScriptHost
(host.py) to run a script with the values of its inherited metavariables; the host hands back
what the script printed, whether it kept the match (`cocci.include_match`), and the values it
gave its own metavariables (`coccinelle.x = ...`).
"""
