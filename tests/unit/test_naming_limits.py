"""How generator/naming.py shortens a name over its length limit, and where the limit applies.

The mutation run (bench/mutation.py) left these lines of ``_drop_middle``, ``_hashed``,
``class_names`` and ``module_names`` untested. Each test names the mutants it kills:
they survived the module's other tests, and the test fails on each. The names are
the emitted API (a class or module a user imports), so every test asserts the exact
names, best first: a change of the shortening renames users' classes and modules.
"""

from __future__ import annotations

from generator.naming import MAX_CLASS, MAX_MODULE, class_names, module_names


def test_a_name_just_at_its_limit_is_kept_whole() -> None:
    """Break: ``naming:196`` ``len(full) <= limit`` made ``<`` and ``naming:207``
    ``len(full) <= MAX_MODULE`` made ``<`` (ReplaceComparisonOperator_LtE_Lt): a class name of
    exactly 50 characters, or a module name of exactly 64, would be shortened though it fits
    (``StatusOrganizationEnterpriseProperties`` instead of the document's name)."""
    at_class = "StatusOrganizationEnterpriseOrganizationProperties"
    assert len(at_class) == MAX_CLASS
    assert class_names(at_class) == (at_class,)
    assert class_names("status_organization_enterprise_organization_properties") == (at_class,)
    # One character more and it is shortened.
    assert class_names(at_class + "X")[0] == "StatusOrganizationEnterpriseOrganizationX"

    at_module = "delivery_deployment_items_secret_protection_artifact_access_repo"
    assert len(at_module) == MAX_MODULE
    assert module_names(at_module) == (at_module,)
    assert module_names("DeliveryDeploymentItemsSecretProtectionArtifactAccessRepo") == (at_module,)
    assert module_names(at_module + "s") == (
        "delivery_deployment_secret_protection_artifact_access_repos",
        "delivery_deployment_protection_artifact_access_repos",
        "delivery_deployment_secret_artifact_access_repos",
        "delivery_secret_protection_artifact_access_repos",
        "delivery_deployment_secret_protection_access_repos",
        "delivery_deployment_protection_artifact_access_repos_5c0ee8d7",
    )


def test_each_head_size_gives_its_own_shortened_form() -> None:
    """Break: ``naming:167`` ``for keep in (2, 3, 1, 4)`` with any one size changed (NumberReplacer
    #44 ``(2, 4, 1, 4)``, #45 ``(2, 2, 1, 4)``, #46 ``(2, 3, 2, 4)``, #47 ``(2, 3, 0, 4)``,
    #48 ``(2, 3, 1, 5)``, #49 ``(2, 3, 1, 3)``): a form goes missing or moves, so a scope
    whose first names are taken picks another name. ``naming:171`` ``rest[1:]`` made
    ``rest[2:]`` (#50: two words dropped where one is enough) or ``rest[0:]`` (#51: the tail
    keeps the word it must drop, giving the unshortened name, so no shortened form at all).

    The forms after the filler-free ones are, in order: the first 2 words and the last that
    fit, the first 3 and the last, the first word and the last, the first 4 and the last."""
    assert module_names("items_request_policy_team_repo_membership_membership_update_value") == (
        "items_request_policy_team_repo_membership_update_value",  # repeated word dropped
        "items_request_team_repo_membership_update_value",  # keep 2
        "items_request_policy_repo_membership_update_value",  # keep 3
        "items_policy_team_repo_membership_update_value",  # keep 1
        "items_request_policy_team_membership_update_value",  # keep 4
        "items_request_policy_team_repo_membership_update_value_aaa4c046",
    )
    assert class_names("option_secret_access_membership_organization_environment") == (
        "OptionSecretMembershipOrganizationEnvironment",  # keep 2
        "OptionSecretAccessOrganizationEnvironment",  # keep 3
        "OptionAccessMembershipOrganizationEnvironment",  # keep 1
        "OptionSecretAccessMembershipEnvironment",  # keep 4
        "OptionSecretOrganizationEnvironment_5222a8a0",
    )
    assert class_names("enterprise_organization_workflow_enterprise_environment") == (
        "EnterpriseOrganizationWorkflowEnvironment",  # repeated word dropped
        "EnterpriseOrganizationEnvironment",  # keep 2
        "EnterpriseWorkflowEnvironment",  # keep 1 (keep 3 and 4 leave no word to drop)
        "EnterpriseOrganizationWorkflowEnvironment_ccdd722a",
    )


def test_a_word_repeated_later_is_dropped_at_its_last_but_one_place() -> None:
    """Break: ``naming:156`` ``parts[head_size + index + 1 :]`` made ``+ 2`` (NumberReplacer #34):
    a middle word is dropped when it comes again later; looking from one word further on,
    ``Environment`` twice in a row would keep both (``DeploymentTeamEnvironmentEnvironmentTeam``)."""
    assert class_names("deployment_team_environment_environment_environment_team") == (
        "DeploymentTeamEnvironmentTeam",
        "DeploymentTeamTeam",
        "DeploymentEnvironmentTeam",
        "DeploymentTeamEnvironmentTeam_832ae310",
    )
    assert module_names("items_request_policy_team_repo_membership_membership_update_value")[0] == (
        "items_request_policy_team_repo_membership_update_value"
    )


def test_the_digest_form_fills_its_room_to_the_character() -> None:
    """The last form is the words that fit in ``limit - 9`` characters (41 of a class's 50),
    ``_`` and an 8-digit digest. Here the words fit that room exactly.

    Breaks: ``naming:172`` ``(len(sep) if tail else 0)`` made ``else 1`` (NumberReplacer #52) and
    ``naming:173`` ``cost > budget`` made ``>=`` (ReplaceComparisonOperator_Gt_GtE #0): the last
    word that exactly fills the budget would be dropped (``ItemsProtectionEnterpriseToken_...``).
    ``naming:185`` ``room = limit - len(digest) - 1`` made ``- 2`` (NumberReplacer #58) and
    ``naming:186`` ``len(sep.join(form)) <= room`` made ``<`` (ReplaceComparisonOperator_LtE_Lt #3):
    a form that exactly fills the room would not be taken. ``naming:187`` ``forms[0]`` made
    ``forms[1]`` or ``forms[-1]`` (NumberReplacer #60, #61): the digest form would not start
    with the most readable form that fits."""
    names = class_names("items_protection_deployment_environment_enterprise_token")
    assert names == (
        "ItemsProtectionEnvironmentEnterpriseToken",
        "ItemsProtectionDeploymentEnterpriseToken",
        "ItemsDeploymentEnvironmentEnterpriseToken",
        "ItemsProtectionDeploymentEnvironmentToken",
        "ItemsProtectionEnvironmentEnterpriseToken_217653ec",
    )
    assert len(names[-1]) == MAX_CLASS

    names = class_names("enterprise_organization_workflow_enterprise_environment")
    assert names[-1] == "EnterpriseOrganizationWorkflowEnvironment_ccdd722a" and len(names[-1]) == MAX_CLASS

    assert module_names("environment_object_rule_body_run_check_membership_artifact_secret") == (
        "environment_object_rule_run_check_membership_artifact_secret",
        "environment_object_run_check_membership_artifact_secret",
        "environment_object_rule_check_membership_artifact_secret",
        "environment_rule_run_check_membership_artifact_secret",
        "environment_object_rule_run_membership_artifact_secret",
        "environment_object_run_check_membership_artifact_secret_8de623fa",
    )
    assert module_names("artifact_run_delete_body_config_secret_pull_get_body_organization")[-1] == (
        "artifact_run_delete_config_secret_pull_get_organization_f9ecee76"
    )
