package com.cmkverifier.infra;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structural check of a Logic Apps workflow definition (schema 2016-06-01), the part that the portal's code view
 * only reports when saving or running: every {@code runAfter} names a sibling action with a known status, every
 * expression reference ({@code body('X')}, {@code parameters('p')}, {@code triggerBody()?['f']}, ...) resolves,
 * every parameter has a default or a supplied value, and every field the workflow reads from the verifier's
 * answer exists in that answer's schema in the API's own OpenAPI document.
 *
 * <p>Limits, on purpose: expressions are matched by pattern, not parsed; a reference built at run time (a name
 * from a variable) is invisible. Fields are followed only through literal {@code ?['name']} / {@code ['name']}
 * chains directly after {@code body('X')} or {@code outputs('X')?['body']}.
 */
final class LogicAppDefinition {

    private static final Set<String> RUN_AFTER_STATUSES = Set.of("Succeeded", "Failed", "Skipped", "TimedOut");
    private static final Pattern ACTION_REF =
            Pattern.compile("\\b(body|outputs|actions|result|actionBody|actionOutputs)\\('([^']+)'\\)((?:\\??\\['[^']*'\\])*)");
    private static final Pattern PARAMETER_REF = Pattern.compile("\\bparameters\\('([^']+)'\\)");
    private static final Pattern VARIABLE_REF = Pattern.compile("\\bvariables\\('([^']+)'\\)");
    private static final Pattern TRIGGER_FIELD = Pattern.compile("\\btriggerBody\\(\\)\\??\\['([^']+)'\\]");
    private static final Pattern FIELD = Pattern.compile("\\??\\['([^']*)'\\]");
    /** An HTTP call to the verifier: a parameter-supplied base URL, then the API's base path. */
    private static final Pattern VERIFIER_URI = Pattern.compile("^@\\{parameters\\('[^']+'\\)\\}/api(/[^?@]*)$");

    private final JsonNode workflow;
    private final JsonNode openApi;
    private final Set<String> suppliedParameters;
    private final Map<String, JsonNode> actions = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private LogicAppDefinition(JsonNode workflow, JsonNode openApi, Set<String> suppliedParameters) {
        this.workflow = workflow;
        this.openApi = openApi;
        this.suppliedParameters = suppliedParameters;
    }

    /** Every problem found, each naming the action, parameter or field; empty when the definition holds. */
    static List<String> problems(JsonNode workflow, JsonNode openApi, Set<String> suppliedParameters) {
        LogicAppDefinition check = new LogicAppDefinition(workflow, openApi, suppliedParameters);
        check.collectActions(workflow.path("actions"));
        check.checkRunAfter(workflow.path("actions"), "actions");
        check.checkParameters();
        check.checkExpressions(workflow.path("triggers"), "triggers");
        check.checkExpressions(workflow.path("actions"), "actions");
        check.checkExpressions(workflow.path("outputs"), "outputs");
        return check.problems;
    }

    /** Actions in every scope (Switch cases and default, If branches, Scope, Foreach, Until). */
    private void collectActions(JsonNode scope) {
        scope.fields().forEachRemaining(e -> {
            if (actions.put(e.getKey(), e.getValue()) != null) {
                problems.add("action name " + e.getKey() + " is used twice");
            }
            nestedScopes(e.getValue()).forEach(this::collectActions);
        });
    }

    private static List<JsonNode> nestedScopes(JsonNode action) {
        List<JsonNode> scopes = new ArrayList<>();
        scopes.add(action.path("actions"));
        scopes.add(action.path("else").path("actions"));
        scopes.add(action.path("default").path("actions"));
        action.path("cases").forEach(c -> scopes.add(c.path("actions")));
        return scopes.stream().filter(JsonNode::isObject).toList();
    }

    private void checkRunAfter(JsonNode scope, String where) {
        scope.fields().forEachRemaining(e -> {
            JsonNode runAfter = e.getValue().path("runAfter");
            runAfter.fields().forEachRemaining(dep -> {
                if (!scope.has(dep.getKey())) {
                    problems.add(where + "." + e.getKey() + ".runAfter names " + dep.getKey()
                            + ", which is not an action in the same scope");
                }
                dep.getValue().forEach(status -> {
                    if (!RUN_AFTER_STATUSES.contains(status.asText())) {
                        problems.add(where + "." + e.getKey() + ".runAfter." + dep.getKey() + " has unknown status "
                                + status.asText());
                    }
                });
            });
            nestedScopes(e.getValue()).forEach(nested -> checkRunAfter(nested, where + "." + e.getKey()));
        });
    }

    private void checkParameters() {
        workflow.path("parameters").fields().forEachRemaining(p -> {
            if (!p.getValue().has("defaultValue") && !suppliedParameters.contains(p.getKey())) {
                problems.add("parameter " + p.getKey() + " has no defaultValue and no supplied value");
            }
        });
    }

    private void checkExpressions(JsonNode node, String where) {
        if (node.isTextual()) {
            checkExpression(node.asText(), where);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkExpressions(node.get(i), where + "[" + i + "]");
            }
        } else {
            node.fields().forEachRemaining(f -> checkExpressions(f.getValue(), where + "." + f.getKey()));
        }
    }

    private void checkExpression(String text, String where) {
        Matcher ref = ACTION_REF.matcher(text);
        while (ref.find()) {
            JsonNode target = actions.get(ref.group(2));
            if (target == null) {
                problems.add(where + " refers to action " + ref.group(2) + ", which does not exist");
            } else {
                checkApiFields(ref.group(1), ref.group(2), target, fields(ref.group(3)), where);
            }
        }
        Matcher param = PARAMETER_REF.matcher(text);
        while (param.find()) {
            if (!workflow.path("parameters").has(param.group(1))) {
                problems.add(where + " refers to parameter " + param.group(1) + ", which is not declared");
            }
        }
        Matcher variable = VARIABLE_REF.matcher(text);
        while (variable.find()) {
            if (!initialisesVariable(variable.group(1))) {
                problems.add(where + " refers to variable " + variable.group(1) + ", which no action initialises");
            }
        }
        Matcher field = TRIGGER_FIELD.matcher(text);
        while (field.find()) {
            if (!triggerFields().contains(field.group(1))) {
                problems.add(where + " reads trigger field " + field.group(1) + ", which the trigger's schema lacks");
            }
        }
    }

    private boolean initialisesVariable(String name) {
        return actions.values().stream().anyMatch(a -> "InitializeVariable".equals(a.path("type").asText())
                && a.at("/inputs/variables").findValuesAsText("name").contains(name));
    }

    private Set<String> triggerFields() {
        Set<String> names = new HashSet<>();
        workflow.path("triggers").forEach(t -> t.at("/inputs/schema/properties").fieldNames().forEachRemaining(names::add));
        return names;
    }

    private static List<String> fields(String chain) {
        List<String> names = new ArrayList<>();
        Matcher m = FIELD.matcher(chain);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Follows the fields read from an HTTP action that calls the verifier through its response schema. */
    private void checkApiFields(String function, String actionName, JsonNode action, List<String> path, String where) {
        JsonNode schema = verifierResponseSchema(action);
        if (schema == null || path.isEmpty()) {
            return;
        }
        List<String> bodyPath = path;
        if (function.equals("outputs")) {
            if (!Set.of("body", "statusCode", "headers").contains(path.get(0))) {
                problems.add(where + " reads outputs('" + actionName + "')?['" + path.get(0)
                        + "'], which an HTTP action does not have");
            }
            if (!path.get(0).equals("body")) {
                return;
            }
            bodyPath = path.subList(1, path.size());
        } else if (!function.equals("body")) {
            return;
        }
        JsonNode current = schema;
        StringBuilder walked = new StringBuilder();
        for (String name : bodyPath) {
            current = resolve(current);
            walked.append('.').append(name);
            if ("array".equals(current.path("type").asText()) && name.matches("\\d+")) {
                current = current.path("items");
                continue;
            }
            JsonNode property = current.path("properties").path(name);
            if (property.isMissingNode()) {
                problems.add(where + " reads " + actionName + walked + ", which the API's response schema does not have");
                return;
            }
            current = property;
        }
    }

    /**
     * The schema of the body that the action ends with: the operation's 200 answer, or, for an operation that
     * answers 202 with Location (the asynchronous pattern, which Logic Apps follows), the 200 answer of
     * {@code GET} on the path below it.
     */
    private JsonNode verifierResponseSchema(JsonNode action) {
        if (!"Http".equals(action.path("type").asText())) {
            return null;
        }
        Matcher uri = VERIFIER_URI.matcher(action.at("/inputs/uri").asText());
        if (!uri.matches()) {
            return null;
        }
        String path = uri.group(1);
        JsonNode operation = openApi.path("paths").path(path).path(action.at("/inputs/method").asText().toLowerCase());
        if (operation.isMissingNode()) {
            problems.add("action calls " + action.at("/inputs/method").asText() + " " + path
                    + ", which the API does not document");
            return null;
        }
        if (operation.at("/responses/200/schema").isObject()) {
            return operation.at("/responses/200/schema");
        }
        if (operation.at("/responses/202/headers/Location").isObject()) {
            Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> p = paths.next();
                if (p.getKey().matches(Pattern.quote(path) + "/\\{[^/]+\\}")) {
                    return p.getValue().at("/get/responses/200/schema");
                }
            }
        }
        problems.add("action calls " + path + ", whose final answer has no documented schema");
        return null;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            current = openApi.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }
}
