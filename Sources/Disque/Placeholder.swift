public enum DisqueLibrary {}
