package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimsTest {

    private static JsonNode json(String s) throws Exception {
        return Jackson.MAPPER.readTree(s);
    }

    @Test
    void objectIdIsReadFromTheShortClaim() throws Exception {
        assertEquals("aa", Claims.caller(json("{\"claim\":{\"oid\":\"AA\"}}")).objectId());
    }

    @Test
    void objectIdIsReadFromTheLongClaim() throws Exception {
        assertEquals("bb", Claims.caller(json("{\"claim\":{\"" + Claims.OBJECT_ID_URI + "\":\"bb\"}}")).objectId());
    }

    @Test
    void objectIdIsReadFromTheManagedHsmSamplesNestedClaim() throws Exception {
        assertEquals("cc", Claims.caller(json("{\"claim\":{\"http_schemas_microsoft_com_identity\":"
                + "{\"claims\":{\"objectidentifier\":\"cc\"}}}}")).objectId());
    }

    @Test
    void identityGivenAsAnEscapedJsonStringIsRead() {
        assertEquals("dd", Claims.caller(TextNode.valueOf("{\"claim\":{\"appid\":\"dd\"}}")).appId());
    }

    @Test
    void managedIdentityResourceClaimIsRead() throws Exception {
        assertEquals("/subscriptions/x/id", Claims.caller(json("{\"claim\":{\"xms_mirid\":\"/subscriptions/X/id\"}}"))
                .managedIdentityResourceId());
    }

    @Test
    void emptyOrUnreadableIdentityIsAnonymous() throws Exception {
        assertTrue(Claims.caller(json("{}")).isAnonymous());
        assertTrue(Claims.caller(TextNode.valueOf("{not json")).isAnonymous());
    }
}
