"""Edges of generator/naming.py that the mutation run (bench/mutation.py) found untested.

Each test names the mutants it kills: they survived the module's other tests, and
the test fails on each.
"""

from __future__ import annotations

from generator.naming import Identifier, member, method, snake


def test_soft_keywords_are_names_as_they_are() -> None:
    """Break: ``issoftkeyword(name) and name == "_"`` made ``or``: ``match`` and ``case``,
    fine as names (only ``_`` is not), would become ``match_`` and ``case_``."""
    assert snake("match") == "match" and member("case") == "case"
    assert snake("_") == "value"  # no word in it: the fallback


def test_an_operation_id_shorter_than_its_group_keeps_its_name() -> None:
    """Break: ``not group_words or len(op_words) <= n`` made ``and``: ``user`` under
    ``user_pets`` (its first word, nothing after) would index past its words."""
    assert method("user", "user_pets") is None
    assert method("user_pets_list", "user_pets") == Identifier("list")


def test_the_length_limits_the_readme_gives() -> None:
    """README: "past 50 characters the name is shortened", "component names are kept up
    to 80 characters", module names "at most 64 characters". Breaks: MAX_CLASS,
    MAX_COMPONENT or MAX_MODULE one more or one less."""
    from generator.naming import MAX_COMPONENT, class_names, module_names

    def name(n: int) -> str:
        return "A" + "b" * (n - 1)

    assert class_names(name(50)) == (name(50),) and class_names(name(51))[0] != name(51)
    assert class_names(name(80), limit=MAX_COMPONENT) == (name(80),)
    assert class_names(name(81), limit=MAX_COMPONENT)[0] != name(81)
    assert len(class_names(name(81), limit=MAX_COMPONENT)[0]) <= 80
    assert module_names("a" * 64) == ("a" * 64,)
    assert all(len(m) <= 64 for m in module_names("a" * 65)) and module_names("a" * 65)[0] != "a" * 65


# Long names and what they become, best first: the names are the emitted API, so a
# change of the shortening renames users' classes and modules.
SHORTENED = {
    "CreateTeamMembershipRequestBodyPropertiesItemsObjectValueForEnterpriseUsers": (
        (
            "CreateTeamMembershipForEnterpriseUsers",
            "CreateTeamForEnterpriseUsers",
            "CreateTeamMembershipEnterpriseUsers",
            "CreateMembershipForEnterpriseUsers",
            "CreateTeamMembershipForUsers",
            "CreateTeamMembershipForEnterpriseUsers_ae55a9fa",
        ),
        (
            "create_team_membership_for_enterprise_users",
            "create_team_for_enterprise_users",
            "create_team_membership_enterprise_users",
            "create_membership_for_enterprise_users",
            "create_team_membership_for_users",
            "create_team_membership_for_enterprise_users_d3ad81aa",
        ),
    ),
    "AlphaBetaGammaDeltaEpsilonZetaEtaThetaIotaKappaLambdaMuNuXiOmicronPi": (
        (
            "AlphaBetaEtaThetaIotaKappaLambdaMuNuXiOmicronPi",
            "AlphaBetaGammaThetaIotaKappaLambdaMuNuXiOmicronPi",
            "AlphaZetaEtaThetaIotaKappaLambdaMuNuXiOmicronPi",
            "AlphaBetaGammaDeltaIotaKappaLambdaMuNuXiOmicronPi",
            "AlphaBetaIotaKappaLambdaMuNuXiOmicronPi_7fb5626f",
        ),
        (
            "alpha_beta_zeta_eta_theta_iota_kappa_lambda_mu_nu_xi_omicron_pi",
            "alpha_beta_gamma_eta_theta_iota_kappa_lambda_mu_nu_xi_omicron_pi",
            "alpha_zeta_eta_theta_iota_kappa_lambda_mu_nu_xi_omicron_pi",
            "alpha_beta_gamma_delta_iota_kappa_lambda_mu_nu_xi_omicron_pi",
            "alpha_beta_theta_iota_kappa_lambda_mu_nu_xi_omicron_pi_44ae7a1c",
        ),
    ),
    "Supercalifragilistic Expialidocious Antidisestablishmentarianism Floccinaucinihilipilification Pneumonoultramicroscopic Word": (
        (
            "SupercalifragilisticExpialidociousWord",
            "SupercalifragilisticPneumonoultramicroscopicWord",
            "SupercalifragilisticExpialidociousWord_9694ab1c",
        ),
        (
            "supercalifragilistic_expialidocious_word",
            "supercalifragilistic_pneumonoultramicroscopic_word",
            "supercalifragilistic_expialidocious_word_be0ae1d9",
        ),
    ),
}


def test_long_names_are_shortened_as_before() -> None:
    """Breaks in ``_drop_middle``: the head sizes tried (``(2, 3, 1, 4)`` → ``(2, 2, 1, 4)``
    or ``(2, 3, 1, 5)``), the tail keeping the last word it must drop (``rest[0:]``), a
    separator counted before the first tail word (``else 1``)."""
    from generator.naming import class_names, module_names

    for text, (classes, modules) in SHORTENED.items():
        assert (class_names(text), module_names(text)) == (classes, modules)


def test_module_is_the_first_of_module_names() -> None:
    """Break: ``module_names(text, fallback)[0]`` → ``[1]``: a short name has one form."""
    from generator.naming import module

    assert module("Files") == "files"


def test_a_class_name_ending_in_a_digit_is_numbered_after_an_underscore() -> None:
    """Break: ``name[-1:].isdigit()`` → ``name[-0:]`` (the whole name): a second
    ``Thing2`` would become ``Thing22``, which reads as another number."""
    from generator.naming import Scope

    scope = Scope(joiner="")
    assert [scope.unique(Identifier(n)) for n in ("Thing2", "Thing2", "Thing", "Thing")] == [
        "Thing2",
        "Thing2_2",
        "Thing",
        "Thing3",
    ]


def test_a_package_named_after_the_standard_library_or_an_install_directory_is_refused() -> None:
    """Break: ``package in sys.stdlib_module_names or package in ("__main__", "__future__")``
    made ``and`` (ReplaceOrWithAnd): ``--package json`` would be accepted, and the emitted
    package would be imported in place of the standard library's ``json``. Break: ``not_ours("",
    package, is_dir=True)`` made ``is_dir=False``: ``--package build`` (or ``dist``) would be
    accepted, a directory the write stage never compares nor writes."""
    from generator.naming import package_problem

    stdlib = "would shadow a module of the standard library; choose another name"
    install = "names a directory installs leave in an output (build/, dist/), never compared; choose another name"
    assert [package_problem(p) for p in ("json", "typing", "build", "dist", "petstore")] == [
        stdlib,
        stdlib,
        install,
        install,
        None,
    ]


def test_module_of_a_long_name_is_its_most_readable_form() -> None:
    """Break: ``module_names(text, fallback)[0]`` → ``[-1]``: a long name's module would be
    the last resort, the form with a digest, not the most readable one."""
    from generator.naming import module

    text = "CreateTeamMembershipRequestBodyPropertiesItemsObjectValueForEnterpriseUsers"
    assert module(text) == "create_team_membership_for_enterprise_users"


def test_a_scope_tells_names_apart_by_case_unless_asked_to_casefold() -> None:
    """Break: ``casefold: bool = False`` made ``True`` (ReplaceFalseWithTrue): every scope
    (class names, fields, methods) would treat ``Thing`` and ``thing`` as the same name and
    rename the second ``thing_2``; only the scopes of file names ask for that."""
    from generator.naming import Scope

    scope = Scope()
    assert [scope.unique(Identifier(n)) for n in ("Thing", "thing", "THING", "thing")] == [
        "Thing",
        "thing",
        "THING",
        "thing_2",
    ]
    files = Scope(casefold=True)
    assert [files.unique(Identifier(n)) for n in ("Thing", "thing")] == ["Thing", "thing_2"]
