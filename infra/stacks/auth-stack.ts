import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolUser,
  CfnUserPoolUserToGroupAttachment,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolEmail,
  UserPoolGroup,
} from "aws-cdk-lib/aws-cognito";
import { PublicHostedZone } from "aws-cdk-lib/aws-route53";
import { EmailIdentity, Identity } from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import { idTokenLifetimeSeconds, postLogoutRedirectPath, signInRedirectPath } from "../../shared/auth-config.ts";
import { type OfficerRole, officerRoles } from "../../shared/permissions.ts";
import type { Province } from "../../shared/province.ts";
import { resourceName } from "./names.ts";

/**
 * Officers' identities: a Cognito user pool where only administrators create accounts, TOTP MFA is
 * required, groups are roles and `custom:jurisdiction` says where an officer works. The web signs
 * in through managed login with Authorization Code + PKCE (a public client, no secret); the API
 * verifies the tokens (api-stack.ts).
 */

/** The path the web app handles the sign-in redirect on (Authorization Code + PKCE): shared with the web and the local provider. */
export const signInCallbackPath = signInRedirectPath;
/** Where the managed login's sign-out sends the officer back to. */
export const signOutPath = postLogoutRedirectPath;
/** Used as the callback while the site's domain is unknown (first deploy, local development). */
export const localSiteOrigin = "http://localhost:4321";

export interface AuthStackProps extends StackProps {
  province: Province;
  /**
   * The CloudFront domain of the site (context `siteDomain`). It cannot be a reference to the web
   * stack — the web stack depends on the API, which depends on this stack — so it is passed in;
   * `npm run deploy` reads it from the deployed web stack and redeploys this stack when it changes.
   */
  siteDomain?: string;
  /** Prefix of the managed-login domain (unique per region across AWS): default `pcblgd-<slug>`. */
  authDomainPrefix?: string;
  /**
   * The SES identity of the province's sender is verified (context `senderVerified`, which
   * `npm run deploy` sets after asking SES): Cognito then sends invitations through SES from that
   * address. Before, Cognito's own sender is used (a few dozen messages a day).
   */
  senderVerified?: boolean;
}

export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  /**
   * The origins the browser must reach to sign in (the site's CSP connect-src): the issuer
   * (discovery document, JWKS) and the managed-login domain (token endpoint). Plain strings, known
   * at synth: region and domain prefix are not tokens.
   */
  readonly browserOrigins: string[];
  /** The SES identity of the province's sender domain (created when the file names a sender). */
  readonly senderIdentity?: EmailIdentity;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { province } = props;
    const slug = province.slug;
    const sender = province.notificationSender;
    if (sender !== undefined) this.senderIdentity = this.addSenderIdentity(province, sender);

    this.userPool = new UserPool(this, "Officers", {
      userPoolName: resourceName(slug, "officers"),
      // Officers are created by a province administrator, never by themselves.
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: false },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      customAttributes: { jurisdiction: new StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }) },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      ...(sender !== undefined && props.senderVerified === true
        ? {
            email: UserPoolEmail.withSES({
              fromEmail: sender,
              fromName: `PCBLGĐ ${province.name.vi}`,
              sesRegion: province.region,
              sesVerifiedDomain: sender.slice(sender.indexOf("@") + 1),
            }),
          }
        : {}),
      userInvitation: {
        emailSubject: "PCBLGĐ — tài khoản cán bộ / officer account",
        emailBody:
          "Tài khoản của bạn / Your account: {username}<br>Mật khẩu tạm thời / Temporary password: {####}<br>" +
          "Hãy đăng nhập và cài đặt ứng dụng xác thực (TOTP). / Sign in and set up an authenticator app (TOTP).",
      },
      userVerification: {
        emailSubject: "PCBLGĐ — mã xác minh / verification code",
        emailBody: "Mã xác minh của bạn / Your verification code: {####}",
      },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const groups = new Map<OfficerRole, UserPoolGroup>();
    officerRoles.forEach((role, index) => {
      groups.set(
        role,
        new UserPoolGroup(this, `Group-${role}`, {
          userPool: this.userPool,
          groupName: role,
          description: `PCBLGĐ role ${role}`,
          // Lower precedence wins when a user is in several groups: the most privileged role.
          precedence: officerRoles.length - 1 - index,
        }),
      );
    });

    const domainPrefix = props.authDomainPrefix ?? resourceName(slug, "officers");
    this.browserOrigins = [`https://cognito-idp.${province.region}.amazonaws.com`, `https://${domainPrefix}.auth.${province.region}.amazoncognito.com`];
    this.domain = this.userPool.addDomain("ManagedLogin", {
      cognitoDomain: { domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    const siteOrigin = props.siteDomain === undefined ? localSiteOrigin : `https://${props.siteDomain}`;
    this.webClient = this.userPool.addClient("WebClient", {
      userPoolClientName: resourceName(slug, "web"),
      // A browser app cannot keep a secret: a public client whose code exchange is bound by PKCE.
      generateSecret: false,
      // SRP (the password never leaves the browser) for managed login; no plain-password,
      // admin or custom flows.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${siteOrigin}${signInCallbackPath}`],
        logoutUrls: [`${siteOrigin}${signOutPath}`, `${siteOrigin}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.seconds(idTokenLifetimeSeconds),
      // One working day: an officer signs in again each morning.
      refreshTokenValidity: Duration.hours(12),
      authSessionValidity: Duration.minutes(5),
      // Officers may read their jurisdiction but never change it (an administrator does): without
      // this, a client may write every attribute, custom:jurisdiction included.
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, fullname: true }).withCustomAttributes("jurisdiction"),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // Managed login (the newer version) shows its pages only for clients that have a style.
    new CfnManagedLoginBranding(this, "WebClientBranding", {
      userPoolId: this.userPool.userPoolId,
      clientId: this.webClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.addInitialAdmin(province, groups.get("province-admin"));

    new CfnOutput(this, "UserPoolId", { value: this.userPool.userPoolId });
    // The OpenID issuer (the web's `authority`, the API's OIDC_ISSUER).
    new CfnOutput(this, "OidcIssuer", { value: this.userPool.userPoolProviderUrl });
    new CfnOutput(this, "WebClientId", { value: this.webClient.userPoolClientId });
    new CfnOutput(this, "SignInDomain", { value: this.domain.baseUrl() });
    new CfnOutput(this, "SignInCallbackUrl", { value: `${siteOrigin}${signInCallbackPath}` });
  }

  /**
   * The sender's domain as an SES identity with Easy DKIM: with the domain's zone in Route 53 the
   * DKIM records are created; otherwise the output SenderDkimRecords lists the three CNAMEs the
   * province's DNS administrator adds. Verifying the domain lets any address of it send.
   */
  private addSenderIdentity(province: Province, sender: string): EmailIdentity {
    const domain = sender.slice(sender.indexOf("@") + 1);
    const zone = province.route53Zone;
    const identity = new EmailIdentity(this, "SenderIdentity", {
      identity:
        zone !== undefined && zone.name === domain
          ? Identity.publicHostedZone(PublicHostedZone.fromPublicHostedZoneAttributes(this, "SenderZone", { hostedZoneId: zone.id, zoneName: zone.name }))
          : Identity.domain(domain),
    });
    new CfnOutput(this, "SenderDomain", { value: domain });
    new CfnOutput(this, "SenderDkimRecords", {
      description: "CNAME records to add in the sender domain's DNS (name → value)",
      value: Fn.join(
        " ; ",
        identity.dkimRecords.map((record) => Fn.join(" CNAME ", [record.name, record.value])),
      ),
    });
    return identity;
  }

  /**
   * The province's first administrator, created by the deploy: Cognito emails a temporary password
   * and the first sign-in sets a password and TOTP. Changing the email in the province file creates
   * the new administrator and removes the old one. Its jurisdiction is the whole province.
   */
  private addInitialAdmin(province: Province, adminGroup: UserPoolGroup | undefined): void {
    if (adminGroup === undefined) throw new Error("the province-admin group is missing");
    const email = province.initialAdminEmail;
    const admin = new CfnUserPoolUser(this, "InitialAdmin", {
      userPoolId: this.userPool.userPoolId,
      username: email,
      userAttributes: [
        { name: "email", value: email },
        { name: "email_verified", value: "true" },
        { name: "name", value: `Quản trị viên — ${province.name.vi}` },
        // The API refuses a token without a jurisdiction: the first administrator works province-wide.
        { name: "custom:jurisdiction", value: "province" },
      ],
      desiredDeliveryMediums: ["EMAIL"],
    });
    const membership = new CfnUserPoolUserToGroupAttachment(this, "InitialAdminIsProvinceAdmin", {
      userPoolId: this.userPool.userPoolId,
      groupName: adminGroup.groupName,
      username: email,
    });
    membership.node.addDependency(admin, adminGroup);
  }
}
