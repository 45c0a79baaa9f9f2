"""Control-flow graphs: where control goes from each statement of a function body."""
from __future__ import annotations

from refactor import parse_c
from refactor.c.cfg import graph_of

CODE = """int f(int x)
{
	a();
	if (x) {
		b();
		return 1;
	} else
		c();
	while (x--) {
		if (x == 3)
			break;
		d();
	}
	switch (x) {
	case 1:
		e();
	case 2:
		g();
		break;
	default:
		goto out;
	}
	do {
		h();
	} while (0);
out:
	return 0;
}
"""


def graph_and_names():
    tree = parse_c(CODE).definitions[0].tree
    body = tree.children[0].children[-1]
    graph = graph_of(list(body.children[1:-1]), CODE)

    def name(n: int) -> str:
        element = graph.nodes[n].element
        if element is None:
            return "EXIT"
        return CODE[element.start:element.end].split("\n")[0].strip()

    return graph, name


def successors(text: str) -> list[str]:
    graph, name = graph_and_names()
    n = next(i for i in range(len(graph.nodes)) if name(i) == text and graph.nodes[i].role != "do_tail")
    return [name(s) for s in graph.nodes[n].successors]


def test_if_goes_to_both_branches_and_return_leaves() -> None:
    assert successors("if (x) {") == ["b();", "c();"]
    assert successors("return 1;") == ["EXIT"]
    assert successors("c();") == ["while (x--) {"]


def test_loop_goes_round_and_out_and_break_leaves_it() -> None:
    assert successors("while (x--) {") == ["if (x == 3)", "switch (x) {"]
    assert successors("d();") == ["while (x--) {"]
    assert successors("break;")[0] in ("switch (x) {", "do {")


def test_switch_goes_to_each_case_and_falls_through() -> None:
    assert successors("switch (x) {") == ["case 1:", "case 2:", "default:"]
    assert successors("e();") == ["case 2:"]
    assert successors("goto out;") == ["out:"]


def test_do_while_zero_runs_its_body_once() -> None:
    graph, name = graph_and_names()
    tail = next(n for n in graph.nodes if n.role == "do_tail")
    assert [name(s) for s in tail.successors] == ["out:"]


def test_after_is_where_a_whole_statement_continues() -> None:
    graph, name = graph_and_names()
    head = next(i for i in range(len(graph.nodes)) if name(i) == "if (x) {")
    assert name(graph.nodes[head].after) == "while (x--) {"


def test_a_label_on_a_branch_body_is_a_jump_target() -> None:
    code = "int f(int r)\n{\n\tif (r)\n out:\n\t\tg();\n\tgoto out;\n}\n"
    body = parse_c(code).definitions[0].tree.children[0].children[-1]
    graph = graph_of(list(body.children[1:-1]), code)

    def name(n: int) -> str:
        element = graph.nodes[n].element
        return "EXIT" if element is None else code[element.start:element.end].split("\n")[0].strip()

    by_name = {name(i): node for i, node in enumerate(graph.nodes)}
    assert [name(s) for s in by_name["if (r)"].successors] == ["out:", "goto out;"]
    assert [name(s) for s in by_name["out:"].successors] == ["g();"]
    assert [name(s) for s in by_name["goto out;"].successors] == ["out:"]
