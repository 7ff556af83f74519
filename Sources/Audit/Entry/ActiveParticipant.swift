/// Who acted (RFC 3881 ActiveParticipant): the user, the role they acted in, and where from.
public struct ActiveParticipant: Hashable, Sendable, Codable {
    /// A stable identifier of the user or process, such as a login name.
    public var userID: String
    /// The role the user acted in ("annotator", "reviewer", "steward", "system").
    public var role: String
    /// The host name or IP address the request came from (RFC 3881 NetworkAccessPointID).
    public var networkAccessPoint: String

    public init(userID: String, role: String, networkAccessPoint: String) {
        self.userID = userID
        self.role = role
        self.networkAccessPoint = networkAccessPoint
    }
}
