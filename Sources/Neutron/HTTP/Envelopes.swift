import Foundation

/// `{"network": {…}}` around one object.
struct Envelope<R: NeutronResource>: Decodable {
    var value: R

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        value = try c.decode(R.self, forKey: Key(stringValue: R.singular))
    }
}

/// `{"<key>": body}` around a request body.
struct RequestEnvelope<Body: Encodable>: Encodable {
    var key: String
    var body: Body

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(body, forKey: Key(stringValue: key))
    }
}

/// One page of a list: `{"networks": […], "networks_links": [{"rel": "next", "href": …}]}`.
struct Page<R: NeutronResource>: Decodable {
    struct Link: Decodable {
        var rel: String
        var href: String
    }

    var items: [R]
    var links: [Link]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        items = try c.decode([R].self, forKey: Key(stringValue: R.plural))
        links = try c.decodeIfPresent([Link].self, forKey: Key(stringValue: R.plural + "_links")) ?? []
    }

    /// The encoded query of the `next` link, if any.
    var nextQuery: String? {
        guard let href = links.first(where: { $0.rel == "next" })?.href,
            let question = href.firstIndex(of: "?")
        else { return nil }
        return String(href[href.index(after: question)...])
    }
}

/// `{"tags": [...]}`.
struct TagList: Codable {
    var tags: [String]
}
